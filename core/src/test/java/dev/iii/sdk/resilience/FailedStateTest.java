package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.failureOf;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionEvent.Kind;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.TestSupport;
import dev.iii.sdk.WorkerFailedException;
import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Issue 6, must-show 1: retries exhausted → FAILED, calls fail at once, connectAsync restarts; defaults; events. */
class FailedStateTest {

  @Test
  void reconnectionDefaultsAreThoseOfTheProtocol() {
    ReconnectionConfig d = ReconnectionConfig.getDefaultInstance();
    assertEquals(Duration.ofMillis(1000), d.initialDelay());
    assertEquals(2.0, d.multiplier());
    assertEquals(Duration.ofMillis(30_000), d.maxDelay());
    assertEquals(0.3, d.jitter());
    assertEquals(-1, d.maxRetries());
  }

  @Test
  void exhaustedRetriesFailCallsAtOnceAndConnectAsyncStartsAgain() throws Exception {
    ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callbacks"));
    try (TestEngine engine = TestSupport.startEngine();
        FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      Instant before = Instant.now();
      III worker = III.registerWorker(proxy.url("ws"), InitOptions.newBuilder()
          .reconnection(fastRetries(2))
          .callbackExecutor(callbacks)
          .build());
      try {
        worker.registerFunction(FunctionDef.json("failed::echo", (in, ctx) -> in));
        await(worker.awaitRegistrations(), Duration.ofSeconds(10));
        String firstId = worker.workerId();
        worker.addConnectionListener(e -> {
          events.add(e);
          threads.add(Thread.currentThread().getName());
        });

        proxy.refuseNewConnections(true);
        proxy.cutAll();
        awaitCondition(Duration.ofSeconds(10), () -> worker.connectionState() == ConnectionState.FAILED, "FAILED");
        // Listeners hear it on the callback executor, possibly just after the state changed.
        awaitCondition(Duration.ofSeconds(10), () -> events.stream().anyMatch(e -> e.kind() == Kind.FAILED),
            "FAILED event");

        // A call made while FAILED fails at once, and says why.
        long t0 = System.nanoTime();
        Throwable t = failureOf(worker.callAsync("failed::echo", "x"), Duration.ofSeconds(2));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "failed at once");
        assertNotNull(t.getMessage());
        assertTrue(t.getMessage().toLowerCase().contains("fail") || t.getMessage().contains("retries"),
            "message says why: " + t.getMessage());
        assertNull(worker.workerId(), "no worker id while FAILED");

        ConnectionEvent reconnecting = first(events, Kind.RECONNECTING);
        assertEquals(ConnectionState.RECONNECTING, reconnecting.state());
        assertNotNull(reconnecting.cause(), "a drop carries its cause");
        ConnectionEvent failed = first(events, Kind.FAILED);
        assertEquals(ConnectionState.FAILED, failed.state());
        assertInstanceOf(WorkerFailedException.class, failed.cause());
        assertTrue(!failed.time().isBefore(before) && !failed.time().isAfter(Instant.now()), "event time");
        // Three RECONNECTING: the drop, then one per failed retry, until maxRetries = 2 is used up.
        assertTrue(events.stream().filter(e -> e.kind() == Kind.RECONNECTING).count() >= 2, events.toString());

        // connectAsync starts again after FAILED.
        proxy.refuseNewConnections(false);
        await(worker.connectAsync(), Duration.ofSeconds(10));
        assertEquals(ConnectionState.CONNECTED, worker.connectionState());
        assertNotNull(worker.workerId());
        assertTrue(!worker.workerId().equals(firstId), "a new connection has a new id");
        awaitCondition(Duration.ofSeconds(10), () -> events.stream().anyMatch(e -> e.kind() == Kind.RE_REGISTERED
            && worker.workerId().equals(e.workerId())), "RE_REGISTERED with the new worker id");
        ConnectionEvent connected = events.stream()
            .filter(e -> e.kind() == Kind.CONNECTED).reduce((a, b) -> b).orElseThrow();
        assertEquals(worker.workerId(), connected.workerId());
        assertEquals(ConnectionState.CONNECTED, connected.state());
        assertEquals("x", worker.call("failed::echo", "x").asText(), "registrations were replayed");

        worker.shutdown();
        awaitCondition(Duration.ofSeconds(5), () -> events.stream().anyMatch(e -> e.kind() == Kind.CLOSED), "CLOSED");
        assertEquals(ConnectionState.CLOSED, first(events, Kind.CLOSED).state());
        assertTrue(threads.stream().allMatch("test-callbacks"::equals), "listeners run on the callback executor: "
            + threads);
      } finally {
        worker.shutdown();
      }
    } finally {
      callbacks.shutdownNow();
    }
  }

  private static ConnectionEvent first(List<ConnectionEvent> events, Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + events));
  }
}
