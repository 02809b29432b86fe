package dev.iii.testkit.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.CallContext;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One registered HTTP-invoked function: each invocation re-validates the URL and sends the input as JSON with
 * the {@code x-iii-*} and auth headers of ENGINE §10.3, then maps the answer to a result or an error. No retries.
 */
final class HttpFunctionCall {
  /** Resolved auth: {@code type} bearer / hmac / api_key, {@code header} only for api_key, the secret value. */
  record Auth(String type, @Nullable String header, String value) {
    @Override
    public String toString() {
      return "Auth[" + type + "]"; // never the secret
    }
  }

  private final String functionId;
  private final String url;
  private final String method;
  private final Duration timeout;
  private final List<Map.Entry<String, String>> headers;
  private final @Nullable Auth auth;
  private final UrlRules rules;
  private final EngineClock clock;
  private final HttpClient client;

  HttpFunctionCall(String functionId, String url, String method, Duration timeout,
      List<Map.Entry<String, String>> headers, @Nullable Auth auth, UrlRules rules, EngineClock clock,
      HttpClient client) {
    this.functionId = functionId;
    this.url = url;
    this.method = method;
    this.timeout = timeout;
    this.headers = headers;
    this.auth = auth;
    this.rules = rules;
    this.clock = clock;
    this.client = client;
  }

  /**
   * Where URL checks (DNS) and response reading (blocking stream reads) run. Not the common pool: with 2 CPUs its
   * parallelism is 1 and CompletableFuture then starts a new thread per task. Idle threads end after a minute.
   */
  private static final Executor BLOCKING = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "iii-test-engine-http-functions");
    t.setDaemon(true);
    return t;
  });

  /** The {@code BuiltinFunction} body: never throws, every failure is an error outcome. */
  CompletionStage<Outcome> invoke(JsonNode input, CallContext ctx) {
    // Validation may hit DNS, so it runs off the caller's thread.
    return CompletableFuture.supplyAsync(() -> {
      try {
        return rules.check(url);
      } catch (UrlRules.Rejected e) {
        throw new CompletionException(e);
      }
    }, BLOCKING).thenCompose(uri -> send(uri, input)).exceptionally(ex -> {
      Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
      if (cause instanceof UrlRules.Rejected r) {
        return Outcome.error(UrlRules.CODE, r.getMessage());
      }
      return Outcome.error("http_request_failed", chain(cause));
    });
  }

  private CompletionStage<Outcome> send(URI uri, JsonNode input) {
    byte[] body = Json.write(input).getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(clock.now().getEpochSecond());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)); // a body even for GET/DELETE
    b.header("content-type", "application/json");
    b.header("x-iii-function-path", functionId);
    b.header("x-iii-invocation-id", UUID.randomUUID().toString()); // fresh per HTTP call, not the caller's id
    b.header("x-iii-timestamp", timestamp);
    for (Map.Entry<String, String> h : headers) {
      try {
        b.header(h.getKey(), h.getValue()); // added, not replacing
      } catch (IllegalArgumentException e) {
        // java.net.http refuses hop-by-hop and framing headers (host, content-length, ...): they are skipped.
      }
    }
    if (auth != null) {
      switch (auth.type()) {
        case "bearer" -> b.header("authorization", "Bearer " + auth.value());
        case "api_key" -> b.header(auth.header(), auth.value());
        case "hmac" -> b.header("x-iii-signature", "sha256=" + hmac(auth.value(), timestamp, body));
        default -> throw new IllegalStateException("unknown auth type " + auth.type());
      }
    }
    return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
        .thenApplyAsync(HttpFunctionCall::readAndMap, BLOCKING);
  }

  /** HMAC-SHA256(secret, "<timestamp>:" + base64(body)), lower-case hex. */
  static String hmac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String message = timestamp + ":" + Base64.getEncoder().encodeToString(body);
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Outcome readAndMap(HttpResponse<InputStream> response) {
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      return Outcome.error("http_response_failed", chain(e));
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (bytes.length == 0) {
        return Outcome.noResult();
      }
      try {
        return Outcome.ok(Json.parse(bytes));
      } catch (JsonProcessingException e) {
        return Outcome.error("invalid_response", e.getOriginalMessage());
      } catch (IOException e) {
        return Outcome.error("invalid_response", String.valueOf(e.getMessage()));
      }
    }
    JsonNode parsed = null;
    try {
      parsed = bytes.length == 0 ? null : Json.parse(bytes);
    } catch (IOException e) {
      // not JSON: the generic message below
    }
    if (parsed != null && parsed.path("error").isObject()) {
      JsonNode err = parsed.get("error");
      return Outcome.error(err.path("code").isTextual() ? err.get("code").textValue() : "http_error",
          err.path("message").isTextual() ? err.get("message").textValue() : "HTTP request failed");
    }
    String reason = ReasonPhrases.of(status);
    return Outcome.error("http_error", "HTTP " + status + (reason.isEmpty() ? "" : " " + reason));
  }

  /**
   * The whole cause chain in one line, like the engine's error text: a timeout says "timed out", a refused
   * connection says "connect".
   */
  static String chain(Throwable ex) {
    List<String> parts = new ArrayList<>();
    parts.add("error sending request");
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpTimeoutException) {
        parts.add("operation timed out");
      } else if (t instanceof ConnectException) {
        parts.add("client error (connect)");
      }
      String m = t.getMessage();
      if (m != null && !m.isBlank() && !parts.contains(m)) {
        parts.add(m);
      }
    }
    return String.join(": ", parts);
  }
}
