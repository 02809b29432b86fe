package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.engine;
import static dev.iii.sdk.v023.V023Support.events;
import static dev.iii.sdk.v023.V023Support.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.EngineWorker;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Worker names (DESIGN §3): distinct defaults in one JVM, and {@code III_WORKER_NAME}; same in both modes. */
class WorkerIdentityTest {

  @ParameterizedTest
  @EnumSource(EngineVersion.class)
  void workersInOneJvmGetDistinctDefaultNamesAndDoNotConflict(EngineVersion version) {
    try (TestEngine engine = engine(version)) {
      III a = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
      III b = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
      try {
        List<ConnectionEvent> eventsB = events(b);
        a.registerFunction(FunctionDef.json("ida::f", (in, ctx) -> Map.of("from", "a")));
        b.registerFunction(FunctionDef.json("idb::f", (in, ctx) -> Map.of("from", "b")));
        await(a.awaitRegistrations());
        await(b.awaitRegistrations());

        List<String> names = engine.workers().stream()
            .filter(w -> w.id().equals(a.workerId()) || w.id().equals(b.workerId()))
            .map(EngineWorker::name).toList();
        assertEquals(2, names.size(), "both workers live: " + engine.workers());
        assertNotEquals(names.get(0), names.get(1), "distinct default names");
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(names.stream().allMatch(n -> n != null && n.contains(":" + pid)), "hostname:pid[:N]: " + names);

        // Under 0.23 the same name would be a worker-name conflict; here both stay up and serve calls.
        assertEquals("b", a.call("idb::f", Map.of()).path("from").asText());
        assertEquals("a", b.call("ida::f", Map.of()).path("from").asText());
        assertEquals(ConnectionState.CONNECTED, a.connectionState());
        assertEquals(ConnectionState.CONNECTED, b.connectionState());
        assertTrue(ofKind(eventsB, ConnectionEvent.Kind.REGISTRATION_REJECTED).isEmpty(), eventsB.toString());
      } finally {
        b.shutdown();
        a.shutdown();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EngineVersion.class)
  void theWorkerNameDefaultsToIIIWorkerName(EngineVersion version) {
    try (TestEngine engine = engine(version)) {
      Map<String, String> env = Map.of("III_WORKER_NAME", "from-env");
      III fromEnv = WorkerRuntime.registerBlocking(null, engine.url(), InitOptions.getDefaultInstance(), env::get);
      III explicit = WorkerRuntime.registerBlocking(
          null, engine.url(), InitOptions.newBuilder().workerName("explicit").build(), Map.of(
              "III_WORKER_NAME", "ignored")::get);
      try {
        assertEquals("from-env", nameOf(engine, fromEnv));
        assertEquals("explicit", nameOf(engine, explicit), "an explicit workerName wins over the environment");
      } finally {
        explicit.shutdown();
        fromEnv.shutdown();
      }
    }
  }

  private static String nameOf(TestEngine engine, III worker) {
    V023Support.awaitCondition(V023Support.TIMEOUT,
        () -> engine.workers().stream().anyMatch(w -> w.id().equals(worker.workerId()) && w.name() != null),
        "worker metadata of " + worker.workerId());
    return engine.workers().stream().filter(w -> w.id().equals(worker.workerId())).findFirst().orElseThrow().name();
  }
}
