package dev.iii.testkit.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A worker written by hand: a plain {@code java.net.http} WebSocket that sends raw JSON and records every frame
 * it receives. Deliberately independent of the SDK. Waits are condition waits with timeouts.
 */
public final class RawWorker implements AutoCloseable {
  /** Payloads may be as big as the engine's 64 MiB limit, above Jackson's default string-length guard. */
  public static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE).build())
      .build());
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** One client for all workers: a client per worker costs a selector thread and makes many-socket tests slow. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final List<JsonNode> received = new ArrayList<>();
  private final List<Boolean> consumed = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final CompletableFuture<String> pongs = new CompletableFuture<>();
  private final String workerId;

  private RawWorker(String url, Map<String, String> headers) throws Exception {
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
    headers.forEach(b::header);
    socket = b.buildAsync(URI.create(url), new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    JsonNode first = awaitFrame(f -> true);
    if (!"workerregistered".equals(first.path("type").asText())) {
      throw new AssertionError("first frame is not workerregistered: " + first);
    }
    workerId = first.get("worker_id").asText();
  }

  /** Connects to {@code url} and waits for {@code workerregistered}. */
  public static RawWorker connect(String url) throws Exception {
    return new RawWorker(url, Map.of());
  }

  public static RawWorker connect(String url, Map<String, String> headers) throws Exception {
    return new RawWorker(url, headers);
  }

  public String workerId() {
    return workerId;
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  public void send(JsonNode frame) {
    send(frame.toString());
  }

  /** Sends {@code text} as one message split into {@code parts} WebSocket fragments (the engine reads it streamed). */
  public void sendFragmented(String text, int parts) {
    int step = Math.max(1, text.length() / parts);
    for (int start = 0; start < text.length(); start += step) {
      int end = Math.min(text.length(), start + step);
      socket.sendText(text.substring(start, end), end == text.length()).join();
    }
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /**
   * Makes a synchronous built-in call with a fresh id and waits for its result: the engine handles one socket's
   * frames in order, so every earlier frame of this socket has then been handled (the registration barrier).
   * Counts as one accepted frame.
   */
  public void barrier() {
    String id = java.util.UUID.randomUUID().toString();
    send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id
        + "\",\"function_id\":\"engine::functions::list\",\"data\":{}}");
    awaitResult(id);
  }

  /** Waits for the first not yet consumed frame matching {@code p}, consumes and returns it. */
  public JsonNode awaitFrame(Predicate<JsonNode> p) {
    return awaitFrame(p, TIMEOUT);
  }

  public synchronized JsonNode awaitFrame(Predicate<JsonNode> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 0; i < received.size(); i++) {
        if (!consumed.get(i) && p.test(received.get(i))) {
          consumed.set(i, true);
          return received.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        StringBuilder seen = new StringBuilder();
        for (JsonNode f : received) {
          String t = f.toString();
          seen.append(t.length() > 300 ? t.substring(0, 300) + "…(" + t.length() + " chars)" : t).append('\n');
        }
        throw new AssertionError("no matching frame within " + timeout + "; received:\n" + seen);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits for a frame of this type whose invocation_id equals {@code id}. */
  public JsonNode awaitResult(String id) {
    return awaitFrame(f -> "invocationresult".equals(f.path("type").asText())
        && id.equals(f.path("invocation_id").asText()));
  }

  public JsonNode awaitType(String type) {
    return awaitFrame(f -> type.equals(f.path("type").asText()));
  }

  /** Every received frame that was not consumed by an await, e.g. to assert nothing else arrived. */
  public synchronized List<JsonNode> unconsumed() {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < received.size(); i++) {
      if (!consumed.get(i)) {
        out.add(received.get(i));
      }
    }
    return out;
  }

  public synchronized List<JsonNode> received() {
    return List.copyOf(received);
  }

  /** Closes with a Close handshake. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(ex -> null);
    }
    socket.abort();
  }

  /** Sends a WebSocket Ping control frame; the future completes with the first Pong's payload. */
  public CompletableFuture<String> wsPing(String payload) {
    socket.sendPing(ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))).join();
    return pongs;
  }

  /** Sends a synchronous call and returns its invocation id. */
  public String call(String functionId, String dataJson) {
    String id = java.util.UUID.randomUUID().toString();
    send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"" + functionId
        + "\",\"data\":" + dataJson + "}");
    return id;
  }

  /** Sends a synchronous call and waits for its result frame. */
  public JsonNode callAndWait(String functionId, String dataJson) {
    return awaitResult(call(functionId, dataJson));
  }

  /** Drops the TCP connection without a Close frame (a crashed worker). */
  public void abort() {
    socket.abort();
  }

  /** Completes with the close status code when the engine closes the socket or it fails (then -1). */
  public CompletableFuture<Integer> closedFuture() {
    return closed;
  }

  private synchronized void add(JsonNode frame) {
    received.add(frame);
    consumed.add(false);
    notifyAll();
  }

  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String s = text.toString();
        text.setLength(0);
        try {
          add(JSON.readTree(s));
        } catch (Exception e) {
          add(JSON.getNodeFactory().textNode("UNPARSABLE:" + s));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      byte[] b = new byte[message.remaining()];
      message.get(b);
      pongs.complete(new String(b, java.nio.charset.StandardCharsets.UTF_8));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }
  }
}
