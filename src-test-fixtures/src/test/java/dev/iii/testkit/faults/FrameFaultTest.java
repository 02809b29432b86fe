package dev.iii.testkit.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delayed frames and garbage frames sent on demand, observed by bare WebSocket clients. */
class FrameFaultTest {
  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();
  private static final Duration DELAY = Duration.ofMillis(300);

  private static TestEngine engine() {
    return ENGINE.engine();
  }

  @AfterEach
  void clearFaults() {
    engine().faults().clear();
  }

  private static String workerId(RawClient client) {
    return RawWorker.parse(client.awaitTexts(1).get(0)).get("worker_id").asText();
  }

  @Test
  void everyFrameToAWorkerIsHeldForTheDelay() throws Exception {
    try (RawClient client = RawClient.connect(engine().url())) {
      client.awaitTexts(1);
      engine().faults().delayFramesToWorkers(DELAY);
      long sent = System.nanoTime();
      client.send("{\"type\":\"ping\"}");
      RawClient.Text pong = (RawClient.Text) client.await(e -> e instanceof RawClient.Text t && t.text().contains("pong"));
      // The pong is queued after the ping was sent, so it cannot arrive earlier than the delay.
      Duration took = Duration.ofNanos(pong.atNanos() - sent);
      assertTrue(took.compareTo(DELAY) >= 0, "pong after " + took);

      engine().faults().delayFramesToWorkers(Duration.ZERO);
      client.send("{\"type\":\"ping\"}");
      assertEquals(3, client.awaitTexts(3).size()); // and frames flow again once the delay is off
    }
  }

  @Test
  void theDelayAlsoHoldsWorkerRegistered() throws Exception {
    engine().faults().delayFramesToWorkers(DELAY);
    long start = System.nanoTime();
    try (RawClient client = RawClient.connect(engine().url())) {
      client.awaitTexts(1);
      RawClient.Text first = (RawClient.Text) client.events().get(0);
      // Queued at the upgrade, which is after the client started connecting.
      assertTrue(Duration.ofNanos(first.atNanos() - start).compareTo(DELAY) >= 0);
    }
  }

  @Test
  void garbageFramesReachTheWorkerExactlyAsGivenAndTheSocketStaysUp() throws Exception {
    String huge = "{\"type\":\"invokefunction\",\"data\":\"" + "a".repeat(4 * 1024 * 1024) + "\"}";
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0x00};
    try (RawClient client = RawClient.connect(engine().url())) {
      String id = workerId(client);
      assertTrue(engine().sendRaw(id, "{not json"));
      assertTrue(engine().sendRaw(id, "{\"type\":\"invokefunction\",\"invocation_id\":\""));
      assertTrue(engine().sendRaw(id, notUtf8));
      assertTrue(engine().sendRaw(id, huge));
      assertTrue(engine().sendRaw(id.toUpperCase(java.util.Locale.ROOT), "")); // ids in any case, empty frames too
      client.send("{\"type\":\"ping\"}");
      client.await(e -> e instanceof RawClient.Text t && t.text().equals("{\"type\":\"pong\"}"));

      List<RawClient.Event> events = client.events();
      assertEquals(7, events.size(), "workerregistered, 5 raw frames, pong");
      assertEquals("{not json", assertInstanceOf(RawClient.Text.class, events.get(1)).text());
      assertEquals("{\"type\":\"invokefunction\",\"invocation_id\":\"",
          assertInstanceOf(RawClient.Text.class, events.get(2)).text());
      assertArrayEquals(notUtf8, assertInstanceOf(RawClient.Binary.class, events.get(3)).bytes());
      assertEquals(huge, assertInstanceOf(RawClient.Text.class, events.get(4)).text());
      assertEquals("", assertInstanceOf(RawClient.Text.class, events.get(5)).text());
    }
  }

  @Test
  void sendRawToAnUnknownWorkerFailsClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> engine().sendRaw("7b0c6b1e-0000-4000-8000-000000000000", "x"));
    assertTrue(e.getMessage().contains("7b0c6b1e-0000-4000-8000-000000000000"), e.getMessage());
  }
}
