package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-written iii worker speaking raw JSON (PROTOCOL §2.1, §2.4, §2.5): pending calls are a plain map of
 * futures keyed by invocation id, and registered functions answer every {@code invokefunction} by echoing its
 * {@code data}. Deliberately minimal — it is the floor the SDKs are measured against.
 */
final class RawWorker implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, Boolean> echoFunctions = new ConcurrentHashMap<>();
  private final TextSocket socket;

  private RawWorker(String url, Duration timeout, TextSocket.Transport transport) throws Exception {
    this.socket = transport.connect(url, this::onMessage, timeout);
    // A broken socket must fail every waiting call rather than leave it hanging until a timeout.
    socket.closed().whenComplete((ok, error) ->
        failAll(error != null ? error : new IllegalStateException("socket closed")));
  }

  static RawWorker connect(String url, Duration timeout) throws Exception {
    return new RawWorker(url, timeout, TextSocket.Transport.JDK);
  }

  static RawWorker connect(String url, Duration timeout, TextSocket.Transport transport) throws Exception {
    return new RawWorker(url, timeout, transport);
  }

  /** Registers a function this worker answers by echoing the invocation's {@code data} as its result. */
  void registerEcho(String functionId) {
    echoFunctions.put(functionId, Boolean.TRUE);
    ObjectNode frame = JSON.createObjectNode().put("type", "registerfunction").put("id", functionId);
    socket.send(frame.toString());
  }

  /**
   * Sends an {@code invokefunction} with a fresh invocation id and completes with the {@code result}, or fails
   * with the {@code error} of the {@code invocationresult}. {@code dataJson} must be one JSON value.
   */
  CompletableFuture<JsonNode> invoke(String functionIdJson, String dataJson) {
    String id = fastRandomUuid();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    // String concatenation on purpose: this is the floor, so it must not pay for an object-model round trip.
    socket.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":" + functionIdJson
        + ",\"data\":" + dataJson + "}");
    return result;
  }

  /** Convenience for a call whose function id is not pre-quoted. */
  CompletableFuture<JsonNode> invokeJson(String functionId, JsonNode data) {
    return invoke(JSON.valueToTree(functionId).toString(), data.toString());
  }

  /** Completes when the engine closes this worker's connection. */
  java.util.concurrent.CompletableFuture<Void> socketClosed() {
    return socket.closed();
  }

  int pendingCount() {
    return pending.size();
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception malformed) {
      System.err.println("raw worker: undecodable frame ignored: " + malformed.getMessage());
      return;
    }
    String type = message.path("type").asText("");
    switch (type) {
      case "invocationresult" -> completeCall(message);
      case "invokefunction" -> answerInvocation(message);
      default -> { } // workerregistered, pong and anything newer: nothing to do for a benchmark client
    }
  }

  private void completeCall(JsonNode message) {
    // The engine echoes ids lower-case and hyphenated, which is exactly how UUID.toString writes them.
    CompletableFuture<JsonNode> call = pending.remove(message.path("invocation_id").asText());
    if (call == null) {
      return;
    }
    JsonNode error = message.get("error");
    if (error != null && !error.isNull()) {
      call.completeExceptionally(new IllegalStateException(
          error.path("code").asText() + ": " + error.path("message").asText()));
    } else {
      call.complete(message.path("result"));
    }
  }

  private void answerInvocation(JsonNode message) {
    String functionId = message.path("function_id").asText();
    JsonNode invocationId = message.get("invocation_id");
    if (invocationId == null || invocationId.isNull()) {
      return; // fire-and-forget: nobody waits for an answer
    }
    ObjectNode reply = JSON.createObjectNode()
        .put("type", "invocationresult")
        .put("invocation_id", invocationId.asText())
        .put("function_id", functionId);
    if (echoFunctions.containsKey(functionId)) {
      reply.set("result", message.get("data"));
    } else {
      reply.putObject("error").put("code", "function_not_found").put("message", "raw worker has no " + functionId);
    }
    socket.send(reply.toString());
  }

  private void failAll(Throwable cause) {
    for (String id : pending.keySet()) {
      CompletableFuture<JsonNode> call = pending.remove(id);
      if (call != null) {
        call.completeExceptionally(cause);
      }
    }
  }

  /** A version-4 UUID from ThreadLocalRandom: UUID.randomUUID's SecureRandom would dominate the floor's cost. */
  private static String fastRandomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  @Override
  public void close() {
    socket.close();
  }
}
