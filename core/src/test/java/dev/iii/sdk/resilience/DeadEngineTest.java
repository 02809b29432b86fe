package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionEvent.Kind;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.EngineErrorException;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.ConnectionFault;
import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 6, must-show 3: a silent engine is detected by the idle timeout; an auth error frame reaches listeners. */
class DeadEngineTest {

  @Test
  void aBlackHoledEngineIsDetectedWithinTheIdleTimeout() throws Exception {
    Duration idle = Duration.ofMillis(1000);
    try (TestEngine engine = TestSupport.startEngine();
        FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
      III worker = III.registerWorker(proxy.url("ws"), InitOptions.newBuilder()
          .pingInterval(Duration.ofMillis(100))
          .idleTimeout(idle)
          .reconnection(fastRetries(-1))
          .build());
      try {
        String firstId = worker.workerId();
        long start = System.nanoTime();
        proxy.mode(FaultProxy.Mode.BLACK_HOLE); // the TCP connection stays open; nothing passes either way

        // The margin covers a loaded 2-core CI machine; the point is "idle timeout", not the OS TCP timeout (minutes).
        awaitCondition(idle.plusMillis(2000), () -> worker.connectionState() != ConnectionState.CONNECTED,
            "dead connection detected");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // The idle clock started at the last pong, up to one ping interval before the switch.
        assertTrue(tookMs >= idle.toMillis() - 250, "not long before the idle timeout: " + tookMs + "ms");

        proxy.mode(FaultProxy.Mode.PASS);
        awaitCondition(Duration.ofSeconds(15), () -> worker.connectionState() == ConnectionState.CONNECTED
            && worker.workerId() != null && !worker.workerId().equals(firstId), "reconnected through the proxy");
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void anAuthErrorFrameReachesTheListenerWithCodeAndMessage() throws Exception {
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().reconnection(fastRetries(-1)).build());
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      try {
        worker.addConnectionListener(events::add);
        engine.faults().nextConnection(ConnectionFault.rejectHandshake("token expired"));
        engine.restart(); // drop the connection; the next attempt is refused by the armed fault

        awaitCondition(Duration.ofSeconds(10), () -> events.stream().anyMatch(e -> e.kind() == Kind.ENGINE_ERROR),
            "ENGINE_ERROR event: " + events);
        ConnectionEvent error = events.stream().filter(e -> e.kind() == Kind.ENGINE_ERROR).findFirst().orElseThrow();
        EngineErrorException cause = assertInstanceOf(EngineErrorException.class, error.cause());
        assertEquals("AUTH_ERROR", cause.code());
        assertEquals("token expired", cause.errorMessage());
        assertTrue(cause.getMessage().contains("AUTH_ERROR") && cause.getMessage().contains("token expired"),
            cause.getMessage());
        assertEquals(ConnectionState.CONNECTING, error.state(), "the refusal comes during the handshake");
        assertNull(error.workerId(), "a refused handshake has no worker id");
        // Only one attempt was refused: the worker keeps retrying and gets in.
        awaitCondition(Duration.ofSeconds(10), () -> worker.connectionState() == ConnectionState.CONNECTED,
            "connected after the refusal");
        assertEquals(1, engine.workers().size());
      } finally {
        worker.shutdown();
      }
    }
  }
}
