package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TelemetryFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.UpgradeRequest;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Keep-alive, the message size limit, {@code /otel} and telemetry frames, recorded upgrade headers. */
class TransportAndTelemetryTest {
  private static final Duration T = Duration.ofSeconds(10);
  private TestEngine engine;

  @BeforeEach
  void start() {
    engine = TestEngine.start();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void webSocketPingIsAnsweredWithAPongCarryingThePayload() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals("are-you-there", w.wsPing("are-you-there").get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void otelSocketKeepsTelemetryRegistersNoWorkerAndIgnoresText() throws Exception {
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    WebSocket otel = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("X-Otel-Token", "t1")
        .buildAsync(URI.create(engine.url() + "/otel?project=a"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    otel.sendText("{\"type\":\"ping\"}", true).join();
    otel.sendBinary(ByteBuffer.wrap("LOGS{\"resourceLogs\":[]}".getBytes(StandardCharsets.UTF_8)), true).join();
    otel.sendBinary(ByteBuffer.wrap("MTRC{\"resourceMetrics\":[]}".getBytes(StandardCharsets.UTF_8)), true).join();
    Await.condition(T, () -> engine.telemetry().size() == 2, () -> "two telemetry frames");
    assertEquals(new TelemetryFrame("LOGS", "/otel", RawWorker.parse("{\"resourceLogs\":[]}")), engine.telemetry().get(0));
    assertEquals("MTRC", engine.telemetry().get(1).kind());
    assertTrue(engine.workers().isEmpty(), "an /otel connection is never a worker");
    assertTrue(received.isEmpty(), "no workerregistered, no pong on /otel: " + received);
    UpgradeRequest up = engine.upgradeRequests().get(0);
    assertEquals("/otel", up.path(), "query removed");
    assertEquals("t1", up.headers().get("x-otel-token"));
    otel.abort();
  }

  @Test
  void telemetryPrefixedBinaryFramesOnTheWorkerSocketAreTelemetry() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      long accepted = engine.acceptedFrameCount();
      w.sendBinary("OTLP{\"resourceSpans\":[{\"x\":1}]}".getBytes(StandardCharsets.UTF_8));
      w.sendBinary("LOGS not json".getBytes(StandardCharsets.UTF_8)); // logged and dropped, socket stays
      w.barrier();
      assertEquals(List.of(new TelemetryFrame("OTLP", "/", RawWorker.parse("{\"resourceSpans\":[{\"x\":1}]}"))),
          engine.telemetry());
      assertEquals(accepted + 1, engine.acceptedFrameCount(), "telemetry is not a protocol message");
      assertTrue(engine.droppedFrames().isEmpty());
      assertFalse(w.closedFuture().isDone());
    }
  }

  @Test
  void upgradeHeadersOfWorkerSocketsAreRecordedWithLowerCaseNames() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url() + "/?token=abc", java.util.Map.of("Authorization", "Bearer x"))) {
      UpgradeRequest up = engine.upgradeRequests().get(0);
      assertEquals("/", up.path());
      assertEquals("Bearer x", up.headers().get("authorization"));
      assertEquals(w.workerId(), engine.workers().get(0).id());
      assertEquals("Bearer x", engine.workers().get(0).headers().get("authorization"));
    }
  }

  @Test
  void channelSocketOfAnUnknownChannelIsRefusedAndRecorded() throws Exception {
    var r = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(engine.url() + "/ws/channels/nope?key=k&dir=read"), new WebSocket.Listener() {})
        .handle((ws, ex) -> ex);
    assertTrue(r.get(10, TimeUnit.SECONDS) != null, "upgrade refused");
    assertEquals("/ws/channels/nope", engine.upgradeRequests().get(0).path());
  }

  @Test
  @Tag("heavy")
  void largePayloadsUpToTheLimitAreRelayedIntact() throws Exception {
    try (RawWorker owner = RawWorker.connect(engine.url()); RawWorker caller = RawWorker.connect(engine.url())) {
      owner.send("{\"type\":\"registerfunction\",\"id\":\"big::echo\"}");
      owner.barrier();
      String pad = "y".repeat(20 * 1024 * 1024);
      String id = caller.call("big::echo", "{\"pad\":\"" + pad + "\"}");
      com.fasterxml.jackson.databind.JsonNode call = owner.awaitType("invokefunction");
      assertEquals(pad.length(), call.at("/data/pad").asText().length());
      owner.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id + "\",\"function_id\":\"big::echo\","
          + "\"result\":\"" + pad + "\"}");
      assertEquals(pad, caller.awaitResult(id).get("result").asText());
    }
  }

  @Test
  @Tag("heavy")
  void messageAbove64MiBDropsTheConnection() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024 * 1024) + "\"}";
      try {
        w.send(big);
      } catch (java.util.concurrent.CompletionException e) {
        // The engine may drop the socket before the client has finished writing: that is the expected end.
      }
      w.closedFuture().get(30, TimeUnit.SECONDS);
      Await.condition(T, () -> engine.workers().isEmpty(), () -> "worker dropped");
    }
  }
}
