package dev.iii.testkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request through the steps of ENGINE §6.3: global middleware, channels, body, request object,
 * condition, per-route middleware, handler, response. Runs on the request's server thread and waits for each
 * function; the whole request is bounded by {@code default_timeout} on the engine clock (→ 504, empty body),
 * and each middleware call by the same duration (→ 504 {@code Middleware timeout}).
 *
 * <p>The engine's ends of the two channels are taken through {@link ChannelEnds}: a non-JSON body is copied
 * into {@code request_body}, and {@code response} is raced against the handler's result (ENGINE §6.5).
 */
final class RequestPipeline {
  private static final int CHANNEL_CAPACITY = 64;

  private final EngineCore core;
  private final EngineClock clock;
  private final Duration defaultTimeout;
  private final List<String> globalMiddleware;
  private final ChannelEnds ends;
  private final Executor executor;

  /** Pushed on the request's event queue when {@code default_timeout} has passed. */
  private static final Object EXPIRED = new Object();

  /** The handler's outcome, on the same queue as the response channel's messages. */
  private record HandlerDone(Outcome outcome) {}

  RequestPipeline(EngineCore core, EngineClock clock, Duration defaultTimeout, List<String> globalMiddleware,
      ChannelEnds ends, Executor executor) {
    this.core = core;
    this.clock = clock;
    this.defaultTimeout = defaultTimeout;
    this.globalMiddleware = globalMiddleware;
    this.ends = ends;
    this.executor = executor;
  }

  Reply run(HttpExchange ex, Routes.Match match) throws IOException {
    CompletableFuture<Void> expired = new CompletableFuture<>();
    EngineClock.Scheduled timer = clock.schedule(defaultTimeout, () -> expired.complete(null));
    try {
      return runUntil(ex, match, expired);
    } finally {
      timer.cancel();
    }
  }

  private Reply runUntil(HttpExchange ex, Routes.Match match, CompletableFuture<Void> expired) throws IOException {
    Routes.Route route = match.route();
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    ObjectNode headers = headers(ex);
    ObjectNode query = query(ex.getRequestURI().getRawQuery());
    ObjectNode pathParams = Json.object();
    match.pathParams().forEach(pathParams::put);

    ObjectNode mwRequest = Json.object();
    mwRequest.set("path_params", pathParams);
    mwRequest.set("query_params", query);
    mwRequest.set("headers", headers);
    mwRequest.put("method", method);
    for (String id : globalMiddleware) {
      Reply r = middleware(id, mwRequest, expired);
      if (r != null) {
        return r;
      }
    }

    ChannelHub.Created requestBody = core.channels().create(CHANNEL_CAPACITY);
    ChannelHub.Created response = core.channels().create(CHANNEL_CAPACITY);
    JsonNode body = Json.MAPPER.nullNode();
    String contentType = headers.path("content-type").asText("");
    CompletionStage<WebSocket> heldWriter = null;
    if (contentType.contains("application/json")) {
      // Parsed into body and never streamed: request_body gets nothing, and ends only with the exchange.
      body = parseOrNull(readAll(ex.getRequestBody()));
      heldWriter = ends.hold(requestBody);
    } else {
      ends.copy(requestBody, ex.getRequestBody(), executor);
    }
    try {
      return afterBody(ex, route, method, headers, query, pathParams, mwRequest, body, requestBody, response,
          expired);
    } finally {
      if (heldWriter != null) {
        ChannelEnds.release(heldWriter);
      }
    }
  }

  private Reply afterBody(HttpExchange ex, Routes.Route route, String method, ObjectNode headers, ObjectNode query,
      ObjectNode pathParams, ObjectNode mwRequest, JsonNode body, ChannelHub.Created requestBody,
      ChannelHub.Created response, CompletableFuture<Void> expired) throws IOException {

    ObjectNode request = Json.object();
    request.set("body", body);
    request.set("headers", headers);
    request.put("method", method);
    request.put("path", route.apiPath()); // the registered pattern, not the concrete path
    request.set("path_params", pathParams);
    request.set("query_params", query);
    ObjectNode trigger = request.putObject("trigger");
    trigger.put("method", route.method());
    trigger.put("path", route.apiPath());
    trigger.put("type", "http");

    if (route.conditionId() != null) {
      Outcome o = await(call(route.conditionId(), request.deepCopy()), expired);
      if (o == null) {
        return Reply.empty(504);
      }
      if (o.isError()) {
        return Reply.error(o.error().message(), clock.now());
      }
      if (o.result() != null && o.result().isBoolean() && !o.result().booleanValue()) {
        return Reply.conditionNotMet(); // only a literal false skips the handler
      }
    }
    for (String id : route.middleware()) {
      Reply r = middleware(id, mwRequest, expired);
      if (r != null) {
        return r;
      }
    }

    request.set("request_body", ref(requestBody, "read"));
    request.set("response", ref(response, "write"));
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    CompletableFuture<WebSocket> reader = ends.read(response, events).toCompletableFuture();
    try {
      call(route.functionId(), request).whenComplete((o, err) -> events.add(new HandlerDone(o != null ? o
          : Outcome.error("invocation_failed", "test engine error: " + err))));
      expired.thenRun(() -> events.add(EXPIRED));
      return respond(ex, events, method.equals("HEAD"));
    } finally {
      reader.thenAccept(WebSocket::abort); // the engine's reading end is dropped with the exchange
    }
  }

  /**
   * ENGINE §6.5: control texts adjust status and headers, the first binary message starts streaming mode, a
   * non-null handler value is value mode, the channel's end without binary is an empty body, the timeout 504.
   */
  private Reply respond(HttpExchange ex, BlockingQueue<Object> events, boolean head) throws IOException {
    int status = 200;
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    while (true) {
      Object e = take(events);
      if (e == EXPIRED) {
        return Reply.empty(504);
      } else if (e instanceof HandlerDone d) {
        Outcome o = d.outcome();
        if (o.isError()) {
          return Reply.error(o.error().message(), clock.now());
        }
        if (o.result() != null && !o.result().isNull()) {
          return Reply.fromValue(o.result());
        }
        // No value: streaming mode or nothing; the channel decides (or the timeout, if it is never opened).
      } else if (e instanceof ChannelEnds.Text t) {
        status = applyControl(t.text(), status, headers);
      } else if (e instanceof ChannelEnds.Binary b) {
        stream(ex, status, headers, b.bytes(), events, head);
        return Reply.SENT;
      } else if (e instanceof ChannelEnds.End) {
        return new Reply(status, headers, new byte[0]);
      }
    }
  }

  /** {@code set_status} (100..599, else ignored) and {@code set_headers} (string values, later wins). */
  private static int applyControl(String text, int status, List<Map.Entry<String, String>> headers) {
    JsonNode msg;
    try {
      msg = Json.parse(text);
    } catch (IOException e) {
      return status; // any other text is ignored
    }
    String type = msg.path("type").asText("");
    if (type.equals("set_status")) {
      JsonNode sc = msg.get("status_code");
      if (sc != null && sc.isIntegralNumber() && sc.canConvertToInt() && sc.intValue() >= 100 && sc.intValue() <= 599) {
        return sc.intValue();
      }
    } else if (type.equals("set_headers") && msg.path("headers").isObject()) {
      msg.get("headers").fields().forEachRemaining(h -> {
        if (h.getValue().isTextual()) {
          headers.removeIf(x -> x.getKey().equalsIgnoreCase(h.getKey()));
          headers.add(Map.entry(h.getKey(), h.getValue().textValue()));
        }
      });
    }
    return status;
  }

  /**
   * Streaming mode: status and headers so far, then every binary message until the channel ends (no default
   * content-type). Later texts and the handler's value are ignored; the timeout no longer applies to the body.
   */
  private static void stream(HttpExchange ex, int status, List<Map.Entry<String, String>> headers, byte[] first,
      BlockingQueue<Object> events, boolean head) throws IOException {
    headers.forEach(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue()));
    if (head) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, 0); // chunked
    try (OutputStream out = ex.getResponseBody()) {
      out.write(first);
      out.flush();
      while (true) {
        Object e = take(events);
        if (e instanceof ChannelEnds.Binary b) {
          out.write(b.bytes());
          out.flush();
        } else if (e instanceof ChannelEnds.End) {
          return;
        }
      }
    }
  }

  private static Object take(BlockingQueue<Object> events) {
    try {
      return events.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("test engine shutting down", e);
    }
  }

  /** A middleware call: null to continue, else the reply that ends the request. */
  private @Nullable Reply middleware(String id, ObjectNode mwRequest, CompletableFuture<Void> expired) {
    ObjectNode input = Json.object();
    input.put("phase", "preHandler");
    input.set("request", mwRequest.deepCopy());
    input.putObject("context");
    CompletableFuture<Void> callExpired = new CompletableFuture<>();
    EngineClock.Scheduled timer = clock.schedule(defaultTimeout, () -> callExpired.complete(null));
    try {
      Outcome o = await(call(id, input), expired, callExpired);
      if (o == null) {
        return expired.isDone() ? Reply.empty(504) : Reply.middlewareTimeout();
      }
      if (o.isError()) {
        return Reply.error(o.error().message(), clock.now());
      }
      JsonNode r = o.result();
      if (r != null && "respond".equals(r.path("action").asText(null))) {
        JsonNode resp = r.get("response");
        return Reply.fromMiddleware(resp != null && resp.isObject() ? resp : Json.object());
      }
      return null; // continue, or anything else (treated as continue)
    } finally {
      timer.cancel();
    }
  }

  private CompletionStage<Outcome> call(String functionId, JsonNode data) {
    // engine.call: a fresh id, no _caller_worker_id, no timeout of its own
    return core.router().call(functionId, data, null, null);
  }

  /** The outcome, or null when one of the deadlines passed first. */
  private static @Nullable Outcome await(CompletionStage<Outcome> stage, CompletableFuture<?>... deadlines) {
    CompletableFuture<Outcome> f = stage.toCompletableFuture();
    CompletableFuture<?>[] all = new CompletableFuture<?>[deadlines.length + 1];
    all[0] = f;
    System.arraycopy(deadlines, 0, all, 1, deadlines.length);
    try {
      CompletableFuture.anyOf(all).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("test engine shutting down", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("function call failed inside the test engine", e.getCause());
    }
    return f.isDone() ? f.join() : null;
  }

  private static ObjectNode ref(ChannelHub.Created c, String direction) {
    ObjectNode o = Json.object();
    o.put("access_key", c.accessKey());
    o.put("channel_id", c.channelId());
    o.put("direction", direction);
    return o;
  }

  /** Lower-case names, one value per name (the last), non-UTF-8 values as "" (ENGINE §6.4). */
  private static ObjectNode headers(HttpExchange ex) {
    ObjectNode out = Json.object();
    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String raw = e.getValue().get(e.getValue().size() - 1);
      out.put(e.getKey().toLowerCase(Locale.ROOT), utf8OrEmpty(raw));
    }
    return out;
  }

  /** The server decodes header bytes as ISO-8859-1; re-decode them strictly as UTF-8. */
  private static String utf8OrEmpty(String latin1) {
    byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return "";
    }
  }

  /** Percent-decoded ({@code +} is a space); for a repeated key the last value survives. */
  static ObjectNode query(@Nullable String rawQuery) {
    ObjectNode out = Json.object();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(decode(k), decode(v));
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a broken escape stays as sent
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** Invalid or empty JSON becomes {@code body: null}. */
  private static JsonNode parseOrNull(byte[] bytes) {
    try {
      JsonNode n = bytes.length == 0 ? null : Json.parse(bytes);
      return n == null || n.isMissingNode() ? Json.MAPPER.nullNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.nullNode();
    }
  }
}
