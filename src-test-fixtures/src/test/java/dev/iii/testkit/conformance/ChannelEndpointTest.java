package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code engine::channels::create} and the {@code /ws/channels/{id}} endpoint wired into the engine: the refs a
 * worker gets open a writer and a reader on the engine's own port, and bytes flow through (ENGINE §9).
 */
class ChannelEndpointTest {

  @Test
  void refsFromTheBuiltinOpenBothEndsAndBytesFlowWriterToReader() throws Exception {
    try (TestEngine engine = TestEngine.start(); RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode refs = w.callAndWait("engine::channels::create", "{\"buffer_size\":4}").get("result");
      String id = refs.at("/writer/channel_id").asText();
      String key = refs.at("/writer/access_key").asText();
      String base = engine.url() + "/ws/channels/" + id + "?key=" + key + "&dir=";

      WebSocket writer = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(base + "write"), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      byte[] first = "hello ".getBytes();
      byte[] second = "channel".getBytes();
      writer.sendBinary(ByteBuffer.wrap(first), true).join();
      writer.sendBinary(ByteBuffer.wrap(second), true).join();
      writer.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

      ByteArrayOutputStream got = new ByteArrayOutputStream();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(base + "read"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
              byte[] b = new byte[data.remaining()];
              data.get(b);
              synchronized (got) {
                got.writeBytes(b);
              }
              ws.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
              closed.complete(status);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      closed.get(10, TimeUnit.SECONDS); // Close only after the buffered data
      synchronized (got) {
        assertArrayEquals("hello channel".getBytes(), got.toByteArray());
      }
      assertTrue(engine.upgradeRequests().stream().anyMatch(u -> u.path().equals("/ws/channels/" + id)),
          "recorded without the query (the key stays out of recordings)");
    }
  }

  @Test
  void wrongKeyIsRefusedWithChannelNotFound() throws Exception {
    try (TestEngine engine = TestEngine.start(); RawWorker w = RawWorker.connect(engine.url())) {
      String id = w.callAndWait("engine::channels::create", "{}").at("/result/reader/channel_id").asText();
      var r = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + engine.port() + "/ws/channels/" + id + "?key=wrong&dir=read")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode());
      assertEquals("Channel not found", r.body());
    }
  }
}
