package dev.iii.testkit.channels;

import dev.iii.testkit.internal.http.WholeMessageListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One end of a channel driven by hand with {@code java.net.http.WebSocket}: records each whole message it
 * receives, the Close and any error, in arrival order. Independent of the SDK on purpose.
 */
final class RawChannelSocket implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What arrived: a text or binary message, a Close (code), or an error. */
  sealed interface Event permits Text, Binary, Closed, Failed {}

  record Text(String text) implements Event {}

  record Binary(byte[] bytes) implements Event {}

  record Closed(int code) implements Event {}

  record Failed(Throwable error) implements Event {}

  final WebSocket socket;
  final LinkedBlockingQueue<Event> events;
  final CompletableFuture<Void> pong;

  private RawChannelSocket(WebSocket socket, LinkedBlockingQueue<Event> events, CompletableFuture<Void> pong) {
    this.socket = socket;
    this.events = events;
    this.pong = pong;
  }

  static RawChannelSocket connect(String url) throws Exception {
    return connectAsync(url).toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static CompletionStage<RawChannelSocket> connectAsync(String url) {
    LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    CompletableFuture<Void> pong = new CompletableFuture<>();
    return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new Recorder(events, pong))
        .thenApply(ws -> new RawChannelSocket(ws, events, pong));
  }

  /** The next event, failing the test if none arrives in time. */
  Event next() throws InterruptedException {
    Event e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) {
      throw new AssertionError("no event within " + TIMEOUT);
    }
    return e;
  }

  void sendText(String s) throws Exception {
    socket.sendText(s, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  void sendBinary(byte[] b) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(b), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A normal close (code 1000) from our side. */
  void sendClose() throws Exception {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private static final class Recorder extends WholeMessageListener {
    private final LinkedBlockingQueue<Event> events;
    private final CompletableFuture<Void> pong;

    Recorder(LinkedBlockingQueue<Event> events, CompletableFuture<Void> pong) {
      super(text -> events.add(new Text(text)), bytes -> events.add(new Binary(bytes)));
      this.events = events;
      this.pong = pong;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      pong.complete(null);
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      events.add(new Closed(statusCode));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add(new Failed(error));
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
