package dev.iii.testkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.ConnectionFault;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connection faults (closing at chosen points, handshake rejection), observed by bare WebSocket clients. */
class ConnectionFaultTest {
  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();

  private static TestEngine engine() {
    return ENGINE.engine();
  }

  @AfterEach
  void clearFaults() {
    engine().faults().clear();
  }

  private static boolean isWorkerRegistered(String text) {
    return RawWorker.parse(text).path("type").asText().equals("workerregistered");
  }

  /** The engine closed the socket with a Close frame (status 1000), not by dropping it. */
  private static void assertClosedNormally(RawClient.Event end) {
    RawClient.Closed closed = assertInstanceOf(RawClient.Closed.class, end);
    assertEquals(1000, closed.status());
  }

  @Test
  void closeBeforeWorkerRegisteredSendsNothingAndRegistersNoWorker() throws Exception {
    engine().faults().nextConnection(ConnectionFault.closeBeforeWorkerRegistered());
    try (RawClient client = RawClient.connect(engine().url())) {
      assertClosedNormally(client.awaitEnd());
      assertEquals(List.of(), client.texts());
    }
    // One-shot: the next connection is a normal worker again.
    try (RawWorker next = RawWorker.connect(engine().url())) {
      assertTrue(engine().workers().stream().allMatch(w -> w.id().equals(next.workerId())));
    }
  }

  @Test
  void closeAfterWorkerRegisteredSendsExactlyThatFrame() throws Exception {
    engine().faults().nextConnection(ConnectionFault.closeAfterWorkerRegistered());
    try (RawClient client = RawClient.connect(engine().url())) {
      assertClosedNormally(client.awaitEnd());
      List<String> texts = client.texts();
      assertEquals(1, texts.size(), texts.toString());
      assertTrue(isWorkerRegistered(texts.get(0)), texts.get(0));
      String workerId = RawWorker.parse(texts.get(0)).get("worker_id").asText();
      Await.condition(Duration.ofSeconds(10),
          () -> engine().workers().stream().noneMatch(w -> w.id().equals(workerId)), () -> "worker removed");
    }
  }

  @Test
  void closeAfterFramesSentCountsWorkerRegisteredAndStopsAfterTheNth() throws Exception {
    engine().faults().nextConnection(ConnectionFault.closeAfterFramesSent(3));
    try (RawClient client = RawClient.connect(engine().url())) {
      client.awaitTexts(1);
      for (int i = 0; i < 5; i++) {
        // Each is answered with a pong until the limit; later pings may race with the close, so none is awaited.
        client.trySend("{\"type\":\"ping\"}");
      }
      assertClosedNormally(client.awaitEnd());
      List<String> texts = client.texts();
      assertEquals(3, texts.size(), texts.toString());
      assertTrue(isWorkerRegistered(texts.get(0)));
      assertEquals(RawWorker.parse("{\"type\":\"pong\"}"), RawWorker.parse(texts.get(1)));
      assertEquals(RawWorker.parse("{\"type\":\"pong\"}"), RawWorker.parse(texts.get(2)));
    }
  }

  @Test
  void closeInsteadOfInvokingDropsTheCallAndTheCallerGetsInvocationStopped() throws Exception {
    engine().faults().nextConnection(ConnectionFault.closeInsteadOfInvoking());
    try (RawClient callee = RawClient.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      callee.awaitTexts(1);
      callee.send("{\"type\":\"registerfunction\",\"id\":\"faults::instead\"}");
      engine().awaitFunction("faults::instead");
      JsonNode result = caller.callAndWait("faults::instead", "{}");
      assertEquals("invocation_stopped", result.path("error").path("code").asText(), result.toString());
      assertClosedNormally(callee.awaitEnd());
      assertEquals(1, callee.texts().size(), "only workerregistered: " + callee.texts());
    }
  }

  @Test
  void closeAfterInvokingDeliversTheCallThenClosesMidInvocation() throws Exception {
    engine().faults().nextConnection(ConnectionFault.closeAfterInvoking());
    try (RawClient callee = RawClient.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      callee.awaitTexts(1);
      callee.send("{\"type\":\"registerfunction\",\"id\":\"faults::after\"}");
      engine().awaitFunction("faults::after");
      String id = caller.call("faults::after", "{\"x\":1}");
      assertClosedNormally(callee.awaitEnd());
      List<String> texts = callee.texts();
      assertEquals(2, texts.size(), texts.toString());
      JsonNode invoke = RawWorker.parse(texts.get(1));
      assertEquals("invokefunction", invoke.path("type").asText());
      assertEquals(id, invoke.path("invocation_id").asText());
      assertEquals("invocation_stopped", caller.awaitResult(id).path("error").path("code").asText());
    }
  }

  @Test
  void rejectHandshakeSendsTheAuthErrorFrameThenCloseAndRegistersNoWorker() throws Exception {
    // Sockets of earlier tests are cleaned up asynchronously: start from an engine without workers.
    Await.condition(Duration.ofSeconds(10), () -> engine().workers().isEmpty(), () -> "no workers left");
    engine().faults().nextConnection(ConnectionFault.rejectHandshake("token expired"));
    try (RawClient client = RawClient.connect(engine().url())) {
      assertClosedNormally(client.awaitEnd());
      assertEquals(List.of("{\"type\":\"error\",\"error\":{\"code\":\"AUTH_ERROR\",\"message\":\"token expired\"}}"),
          client.texts());
      assertEquals(List.of(), engine().workers());
    }
  }

  @Test
  void oneShotFaultsApplyInOrderBeforeTheStandingOne() throws Exception {
    engine().faults()
        .everyConnection(ConnectionFault.rejectHandshake("standing"))
        .nextConnections(2, ConnectionFault.closeAfterWorkerRegistered());
    for (int i = 0; i < 2; i++) {
      try (RawClient client = RawClient.connect(engine().url())) {
        client.awaitEnd();
        assertEquals(1, client.texts().size());
        assertTrue(isWorkerRegistered(client.texts().get(0)));
      }
    }
    for (int i = 0; i < 2; i++) {
      try (RawClient client = RawClient.connect(engine().url())) {
        client.awaitEnd();
        assertTrue(client.texts().get(0).contains("\"standing\""), client.texts().toString());
      }
    }
    engine().faults().everyConnection(ConnectionFault.none());
    try (RawWorker normal = RawWorker.connect(engine().url())) {
      normal.barrier(); // a working worker: its call is answered
    }
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    assertThrows(IllegalArgumentException.class, () -> ConnectionFault.closeAfterFramesSent(-1));
    assertThrows(NullPointerException.class, () -> ConnectionFault.rejectHandshake(null));
    assertThrows(IllegalArgumentException.class,
        () -> engine().faults().nextConnections(0, ConnectionFault.closeAfterWorkerRegistered()));
    assertThrows(IllegalArgumentException.class, () -> engine().faults().rejectUpgrades(1, 101));
    assertThrows(IllegalArgumentException.class, () -> engine().faults().delayFramesToWorkers(Duration.ofMillis(-1)));
  }
}
