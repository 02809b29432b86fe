package dev.iii.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A worker's end of a channel, driven by hand over {@code java.net.http.WebSocket} (as an SDK's channel reader
 * or writer would): collects binary payloads and completes {@link #closed()} when the engine closes it.
 */
final class ChannelClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebSocket socket;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> closed = new CompletableFuture<>();

  private ChannelClient(String engineUrl, JsonNode ref) throws Exception {
    String url = engineUrl + "/ws/channels/" + ref.get("channel_id").asText() + "?key="
        + ref.get("access_key").asText() + "&dir=" + ref.get("direction").asText();
    socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens the end a channel ref (from a request object) names. */
  static ChannelClient open(String engineUrl, JsonNode ref) throws Exception {
    return new ChannelClient(engineUrl, ref);
  }

  void text(String text) throws Exception {
    socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  void binary(String utf8) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(utf8.getBytes(StandardCharsets.UTF_8)), true)
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends a writer: Close handshake, so the reader sees end-of-stream. */
  void finish() throws Exception {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** For a reader: every binary byte received, once the engine closed the channel. */
  CompletableFuture<byte[]> closed() {
    return closed;
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      synchronized (bytes) {
        bytes.writeBytes(b);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      synchronized (bytes) {
        closed.complete(bytes.toByteArray());
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
