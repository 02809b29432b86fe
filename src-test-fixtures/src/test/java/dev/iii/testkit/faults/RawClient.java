package dev.iii.testkit.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bare {@code java.net.http} WebSocket that records everything the engine does to it — text and binary frames,
 * the Close frame, a dropped connection — in order, without assuming the engine behaves (unlike RawWorker, it
 * does not require {@code workerregistered}). Waits are condition waits with a timeout.
 */
final class RawClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Something the client observed. */
  sealed interface Event permits Text, Binary, Closed, Failed {}

  record Text(String text, long atNanos) implements Event {}

  record Binary(byte[] bytes) implements Event {}

  record Closed(int status, String reason) implements Event {}

  record Failed(Throwable error) implements Event {}

  private final List<Event> events = new ArrayList<>();
  private final WebSocket socket;

  private RawClient(String url) throws Exception {
    socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(url), new Recorder())
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens the socket; an {@link ExecutionException} if the upgrade is refused (its cause tells the status). */
  static RawClient connect(String url) throws Exception {
    return new RawClient(url);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends, ignoring failures: for frames that may race with the engine closing the socket. */
  void trySend(String text) {
    try {
      socket.sendText(text, true).handle((ws, ex) -> null).join(); // one send at a time, as the JDK requires
    } catch (RuntimeException e) {
      // output already closed: the engine closed first, which the test then observes
    }
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The text frames received so far, in order. */
  synchronized List<String> texts() {
    return events.stream().filter(e -> e instanceof Text).map(e -> ((Text) e).text()).toList();
  }

  /** Waits until the socket was closed by the engine or dropped, and returns that last event. */
  Event awaitEnd() {
    return await(e -> e instanceof Closed || e instanceof Failed);
  }

  /** Waits for the first event matching {@code p} and returns it. */
  synchronized Event await(Predicate<Event> p) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      for (Event e : events) {
        if (p.test(e)) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + TIMEOUT + "; events: " + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", ex);
      }
    }
  }

  /** Waits until {@code n} text frames arrived and returns them. */
  List<String> awaitTexts(int n) {
    await(e -> texts().size() >= n);
    return texts();
  }

  private synchronized void add(Event e) {
    events.add(e);
    notifyAll();
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Recorder implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        add(new Text(text.toString(), System.nanoTime()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
      joined.put(binary).put(data).flip();
      binary = joined;
      if (last) {
        byte[] bytes = new byte[binary.remaining()];
        binary.get(bytes);
        binary = ByteBuffer.allocate(0);
        add(new Binary(bytes));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      add(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      add(new Failed(error));
    }
  }
}
