package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.awaitCondition;
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
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A silent network drop (the proxy black-holes the connection; the worker's idle timeout notices) and the reconnect:
 * under 0.23 the replay starts with {@code reattach} + the token, so the worker is not a conflict with its own stale
 * connection (same name, same function ids) and keeps its functions. 0.11.6 has no conflicts, so the outcome is the
 * same there.
 */
class ReattachAfterDropTest {

  @ParameterizedTest
  @EnumSource(EngineVersion.class)
  void aWorkerReconnectingAfterASilentDropKeepsItsNameAndFunctions(EngineVersion version) {
    try (TestEngine engine = engine(version);
        FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
      III worker = III.registerWorker(proxy.url("ws"), InitOptions.newBuilder()
          .workerName("dropper")
          .pingInterval(Duration.ofMillis(100))
          .idleTimeout(Duration.ofMillis(600))
          .reconnection(V023Support.fastRetries())
          .build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        List<ConnectionEvent> events = events(worker);
        worker.registerFunction(FunctionDef.json("drop::f", (in, ctx) -> Map.of("ok", true)));
        await(worker.awaitRegistrations());
        String firstId = worker.workerId();

        // Nothing passes and nothing is closed, so the engine sees no drop; new dials are refused meanwhile so a
        // retry cannot hang in a black-holed handshake (the proxy's mode applies to new connections too).
        proxy.refuseNewConnections(true);
        proxy.mode(FaultProxy.Mode.BLACK_HOLE);
        awaitCondition(TIMEOUT, () -> worker.connectionState() != ConnectionState.CONNECTED, "drop detected");
        proxy.mode(FaultProxy.Mode.PASS);
        proxy.refuseNewConnections(false);
        awaitCondition(TIMEOUT, () -> worker.connectionState() == ConnectionState.CONNECTED
            && worker.workerId() != null && !worker.workerId().equals(firstId), "reconnected with a new id");
        await(worker.awaitRegistrations());

        String newId = worker.workerId();
        awaitCondition(TIMEOUT, () -> engine.functions().stream()
            .anyMatch(f -> f.id().equals("drop::f") && f.ownerWorkerId().equals(newId)), "function re-owned");
        assertTrue(ofKind(events, ConnectionEvent.Kind.REGISTRATION_REJECTED).isEmpty(), "no self-conflict: " + events);
        awaitCondition(TIMEOUT, () -> engine.workers().stream().noneMatch(w -> w.id().equals(firstId)),
            "the stale connection is gone");
        assertEquals(1, engine.workers().stream().filter(w -> "dropper".equals(w.name())).count(), "one dropper");
        assertTrue(caller.call("drop::f", Map.of()).path("ok").asBoolean());
        assertEquals(ConnectionState.CONNECTED, worker.connectionState());
      } finally {
        caller.shutdown();
        worker.shutdown();
      }
    }
  }
}
