package dev.iii.examples.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The smallest useful text WebSocket client on {@code java.net.http}: no SDK, no codec, just strings. It is the
 * transport of the raw relay (the benchmark's floor) and of the orchestrator's engine probe.
 *
 * <p>{@code java.net.http.WebSocket} allows only one outstanding send, so sends go through a lock-free queue
 * drained one frame at a time; callers may {@link #send} from any thread.
 */
final class RawWebSocket implements WebSocket.Listener, TextSocket {

  private final Consumer<String> onMessage;
  private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile WebSocket socket;

  private RawWebSocket(Consumer<String> onMessage) {
    this.onMessage = onMessage;
  }

  /** Connects and returns once the upgrade has completed; {@code onMessage} gets each whole text message. */
  static RawWebSocket connect(String url, Consumer<String> onMessage, Duration timeout) throws Exception {
    RawWebSocket client = new RawWebSocket(onMessage);
    // A direct executor: listener callbacks run on the client's selector thread instead of hopping to a pool for
    // every frame. Safe because nothing here blocks in a callback (they only parse, complete futures and queue).
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).executor(Runnable::run).build();
    client.socket = http.newWebSocketBuilder()
        .connectTimeout(timeout)
        .buildAsync(URI.create(url), client)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  @Override
  public void send(String text) {
    if (closed.isDone()) {
      throw new IllegalStateException("socket closed");
    }
    outbox.add(text);
    drain();
  }

  private void drain() {
    // A loop rather than recursion: sendText often completes synchronously, which would otherwise nest deeply.
    while (sending.compareAndSet(false, true)) {
      String next = outbox.poll();
      if (next == null) {
        sending.set(false);
        if (outbox.isEmpty()) {
          return;
        }
        continue;
      }
      CompletableFuture<WebSocket> written = socket.sendText(next, true);
      if (!written.isDone()) {
        written.whenComplete((ws, error) -> {
          if (error != null) {
            closed.completeExceptionally(error);
          }
          sending.set(false);
          drain();
        });
        return;
      }
      if (written.isCompletedExceptionally()) {
        written.whenComplete((ws, error) -> closed.completeExceptionally(error));
      }
      sending.set(false);
    }
  }

  @Override
  public CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    if (last && partial.length() == 0) {
      onMessage.accept(data.toString());
    } else {
      partial.append(data);
      if (last) {
        String whole = partial.toString();
        partial.setLength(0);
        onMessage.accept(whole);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(null);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !closed.isDone()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
      } catch (IllegalStateException sendStillPending) {
        // A frame is still being written; aborting below is the only way out and is fine for a benchmark client.
      }
      ws.abort();
    }
    closed.complete(null);
  }
}
