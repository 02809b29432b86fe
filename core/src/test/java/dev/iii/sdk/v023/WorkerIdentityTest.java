package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.engine;
import static dev.iii.sdk.v023.V023Support.events;
import static dev.iii.sdk.v023.V023Support.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Worker names (DESIGN §3): distinct defaults in one JVM, and {@code III_WORKER_NAME}; same in both modes. */
class WorkerIdentityTest {

  /**
   * DESIGN §3: {@code hostname:pid} for a JVM's first worker, {@code hostname:pid:N} for later ones, because 0.23 allows
   * one live worker per {@code (namespace, name)} and refuses a duplicate with a fatal {@code WORKER_NAMESPACE_CONFLICT}.
   * Three default-named workers in this JVM must all stay CONNECTED and reach each other, in both modes.
   */
  @ParameterizedTest
  @EnumSource(EngineVersion.class)
  void workersInOneJvmGetDistinctDefaultNamesAndDoNotConflict(EngineVersion version) {
    try (TestEngine engine = engine(version)) {
      List<III> workers = new ArrayList<>();
      try {
        List<List<ConnectionEvent>> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
          workers.add(worker);
          events.add(events(worker));
          String tag = "w" + i;
          worker.registerFunction(FunctionDef.json("id" + i + "::f", (in, ctx) -> Map.of("from", tag)));
        }
        for (III worker : workers) {
          await(worker.awaitRegistrations());
        }

        List<String> ids = workers.stream().map(III::workerId).toList();
        List<String> names = engine.workers().stream().filter(w -> ids.contains(w.id())).map(EngineWorker::name)
            .toList();
        assertEquals(3, names.size(), "all three workers live: " + engine.workers());
        assertEquals(3, new HashSet<>(names).size(), "distinct default names: " + names);
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(names.stream().allMatch(n -> n != null && n.contains(":" + pid)), "hostname:pid[:N]: " + names);

        // Under 0.23 a repeated name would be a fatal worker-name conflict; here every worker serves the next one.
        for (int i = 0; i < 3; i++) {
          III caller = workers.get(i);
          int target = (i + 1) % 3;
          assertEquals("w" + target, caller.call("id" + target + "::f", Map.of()).path("from").asText());
        }
        for (int i = 0; i < 3; i++) {
          assertEquals(ConnectionState.CONNECTED, workers.get(i).connectionState(), "worker " + i);
          assertTrue(ofKind(events.get(i), ConnectionEvent.Kind.REGISTRATION_REJECTED).isEmpty(),
              "worker " + i + ": " + events.get(i));
        }
      } finally {
        workers.forEach(III::shutdown);
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
