package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionEvent.Kind;
import dev.iii.sdk.ConnectionException;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.ServiceDef;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.ConnectionFault;
import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, must-show 2: faults while the worker (re)connects never leave a zombie. The worker keeps retrying, ends
 * CONNECTED with every registration, and the blocking factory returns connected or throws.
 */
class ConnectFaultsTest {

  @Test
  void everyConnectFaultEndsConnectedWithAllRegistrations() throws Exception {
    try (TestEngine engine = TestSupport.startEngine();
        FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
      III worker = III.registerWorker(proxy.url("ws"), InitOptions.newBuilder().reconnection(fastRetries(-1)).build());
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      try {
        worker.registerFunction(FunctionDef.json("cf::echo", (in, ctx) -> in));
        worker.registerService(ServiceDef.of("cf-svc", "CF", "connect faults"));
        await(worker.awaitRegistrations(), Duration.ofSeconds(10));
        worker.addConnectionListener(events::add);

        // 1. The engine is down: dials are refused.
        proxy.refuseNewConnections(true);
        proxy.cutAll();
        awaitCondition(Duration.ofSeconds(10), () -> count(events, Kind.RECONNECTING) >= 3, "refused dials retried");
        proxy.refuseNewConnections(false);
        awaitReRegistered(worker, engine, events);

        // 2. The socket closes in the middle of the HTTP upgrade response.
        long accepted = proxy.acceptedConnections();
        proxy.closeAfterUpstreamBytes(20);
        proxy.cutAll();
        awaitCondition(Duration.ofSeconds(10), () -> proxy.acceptedConnections() >= accepted + 3,
            "attempts cut mid-upgrade");
        assertTrue(worker.connectionState() != ConnectionState.CONNECTED, "no attempt can complete yet");
        proxy.forwardAllUpstreamBytes();
        awaitReRegistered(worker, engine, events);

        // 3. The engine answers the upgrade with 503 twice.
        engine.faults().rejectUpgrades(2, 503);
        proxy.cutAll();
        awaitReRegistered(worker, engine, events);

        // 4. The engine closes right after workerregistered, twice.
        engine.faults().nextConnections(2, ConnectionFault.closeAfterWorkerRegistered());
        proxy.cutAll();
        awaitReRegistered(worker, engine, events);

        // 5. The engine restarts (fresh state, same port): everything is registered again.
        engine.restart();
        awaitReRegistered(worker, engine, events);
        assertEquals("ok", worker.call("cf::echo", "ok").asText());
        assertEquals(1, engine.workers().size(), "no zombie connection left on the engine: " + engine.workers());
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void aGarbledUpgradeResponseIsRetriedUntilARealEngineAnswers() throws Exception {
    try (TestEngine engine = TestSupport.startEngine();
        GarbageThenRelayServer garbage = new GarbageThenRelayServer(engine.port(), 3)) {
      // The blocking factory returns only once connected: after three garbled answers, the relay reaches the engine.
      III worker = III.registerWorker(garbage.url(), InitOptions.newBuilder()
          .reconnection(fastRetries(-1)).connectTimeout(Duration.ofSeconds(20)).build());
      try {
        assertEquals(3, garbage.garbageServed.get());
        assertEquals(ConnectionState.CONNECTED, worker.connectionState());
        assertNotNull(worker.workerId());
        worker.registerFunction(FunctionDef.json("cf::garbled", (in, ctx) -> in));
        await(worker.awaitRegistrations(), Duration.ofSeconds(10));
        engine.awaitFunction("cf::garbled");
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void theBlockingFactoryThrowsInsteadOfReturningUnconnected() throws Exception {
    try (TestEngine engine = TestSupport.startEngine(); GarbageThenRelayServer garbage =
        new GarbageThenRelayServer(engine.port(), Integer.MAX_VALUE)) {
      assertThrows(ConnectionException.class, () -> III.registerWorker(garbage.url(), InitOptions.newBuilder()
          .reconnection(fastRetries(-1)).connectTimeout(Duration.ofMillis(800)).build()));
      engine.faults().rejectUpgrades(1_000, 503);
      assertThrows(ConnectionException.class, () -> III.registerWorker(engine.url(), InitOptions.newBuilder()
          .reconnection(fastRetries(3)).connectTimeout(Duration.ofSeconds(10)).build()));
      assertTrue(engine.workers().isEmpty());
    }
  }

  private static void awaitReRegistered(III worker, TestEngine engine, List<ConnectionEvent> events) {
    awaitCondition(Duration.ofSeconds(15), () -> {
      String id = worker.workerId();
      return worker.connectionState() == ConnectionState.CONNECTED && id != null
          && events.stream().anyMatch(e -> e.kind() == Kind.RE_REGISTERED && id.equals(e.workerId()));
    }, "CONNECTED and re-registered; events: " + events);
    awaitCondition(Duration.ofSeconds(5),
        () -> engine.functions().stream().anyMatch(f -> f.id().equals("cf::echo"))
            && engine.services().stream().anyMatch(s -> s.id().equals("cf-svc")),
        "function and service back on the engine");
  }

  private static long count(List<ConnectionEvent> events, Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).count();
  }
}
