package dev.iii.examples.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One end of a channel on a bare {@code java.net.http} WebSocket (PROTOCOL §6.3): the channel floor's client. The
 * write end pushes binary frames one after the other (the JDK allows one outstanding send; waiting for each is
 * what turns the engine's TCP backpressure into ours); the read end only counts binary bytes until the engine's
 * Close.
 */
final class RawChannelSocket implements WebSocket.Listener {

  /** This class as a {@link RawChannelClient}. */
  static final RawChannelClient CLIENT = new RawChannelClient() {
    @Override
    public CompletableFuture<Long> read(String url, Duration timeout) throws Exception {
      RawChannelSocket end = open(url, timeout);
      return end.closed.handle((ok, error) -> {
        end.socket.abort();
        if (error != null) {
          throw new java.util.concurrent.CompletionException(error);
        }
        return end.received;
      });
    }

    @Override
    public void write(String url, long total, int chunkBytes, Duration timeout) throws Exception {
      open(url, timeout).writeAll(total, chunkBytes, timeout);
    }
  };

  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  /** Written only by the listener callbacks, which the JDK calls one at a time; read after {@link #closed}. */
  private volatile long received;
  private WebSocket socket;

  private RawChannelSocket() {
  }

  private static RawChannelSocket open(String url, Duration timeout) throws Exception {
    RawChannelSocket end = new RawChannelSocket();
    // A direct executor, as in RawWebSocket: the callbacks only count and complete futures, nothing blocks.
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).executor(Runnable::run).build();
    end.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(URI.create(url), end)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return end;
  }

  /** Writes {@code total} bytes in frames of {@code chunkBytes}, then closes and waits for the engine's Close. */
  private void writeAll(long total, int chunkBytes, Duration timeout) throws Exception {
    ByteBuffer chunk = ByteBuffer.allocate(chunkBytes);
    long left = total;
    while (left > 0) {
      int size = (int) Math.min(left, chunkBytes);
      socket.sendBinary(chunk.duplicate().limit(size), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      left -= size;
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    awaitClosed(timeout);
  }

  private void awaitClosed(Duration timeout) throws Exception {
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      socket.abort();
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    received += data.remaining();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    webSocket.request(1); // text messages are out-of-band; the benchmark sends none
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    // Returning null lets the JDK answer the Close at once.
    closed.complete(null);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }
}
