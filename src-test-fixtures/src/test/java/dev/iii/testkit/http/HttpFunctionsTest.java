package dev.iii.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.http.LocalHttpServer.Answer;
import dev.iii.testkit.http.LocalHttpServer.Received;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP-invoked functions (ENGINE §10, §14.3 item 15): a raw worker registers a function with {@code invocation}
 * and calls it; the engine calls a local HTTP server whose verifiers are written here, independently of the
 * engine's code.
 */
class HttpFunctionsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long NOW_SECONDS = 1_700_000_000L;
  private static final Map<String, String> ENV = Map.of("MY_TOKEN", "t0k", "MY_SECRET", "s3cret", "MY_KEY", "k3y");

  private static LocalHttpServer server;
  private static TestEngine engine;
  private RawWorker worker;

  @BeforeAll
  static void start() throws Exception {
    server = new LocalHttpServer();
    engine = TestEngine.start(TestEngineOptions.newBuilder()
        .httpFunctions(TestEngineOptions.HttpFunctionsSecurity.localTesting())
        .environment(ENV)
        .clock(EngineClock.manual(Instant.ofEpochSecond(NOW_SECONDS)))
        .build());
  }

  @AfterAll
  static void stop() {
    engine.close();
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    worker = RawWorker.connect(engine.url());
  }

  @AfterEach
  void disconnect() {
    worker.close();
    Await.condition(WAIT, () -> engine.functions().isEmpty());
  }

  private static void register(RawWorker w, String id, String invocationJson) {
    w.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\",\"invocation\":" + invocationJson + "}");
    w.barrier();
  }

  /** HMAC-SHA256 as ENGINE §10.3 describes it, written here rather than taken from the engine. */
  private static String expectedSignature(String secret, String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((timestamp + ":" + Base64.getEncoder().encodeToString(body))
        .getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(digest);
  }

  @Test
  void bearerCallCarriesTheBodyAndTheIiiHeaders() throws Exception {
    server.on("/bearer", req -> "Bearer t0k".equals(req.header("authorization"))
        ? Answer.json(200, "{\"ok\":true}") : Answer.text(401, "bad token"));
    register(worker, "ext::bearer", "{\"url\":\"" + server.url("/bearer") + "\",\"method\":\"PUT\","
        + "\"headers\":{\"X-Custom-Header\":\"test-value\"},\"auth\":{\"type\":\"bearer\",\"token_key\":\"MY_TOKEN\"}}");
    assertEquals(worker.workerId(), engine.functions().stream().filter(f -> f.id().equals("ext::bearer"))
        .findFirst().orElseThrow().ownerWorkerId(), "the registering worker owns it");

    String callId = worker.call("ext::bearer", "{\"a\":1}");
    JsonNode result = worker.awaitResult(callId);
    assertEquals(RawWorker.parse("{\"ok\":true}"), result.get("result"), result.toString());

    Received req = server.next("/bearer", WAIT);
    assertEquals("PUT", req.method());
    assertEquals(RawWorker.parse("{\"a\":1,\"_caller_worker_id\":\"" + worker.workerId() + "\"}"),
        RawWorker.parse(req.bodyText()), "a direct call from a worker carries _caller_worker_id");
    assertEquals("application/json", req.header("content-type"));
    assertEquals("ext::bearer", req.header("x-iii-function-path"));
    String httpId = req.header("x-iii-invocation-id");
    assertEquals(httpId, UUID.fromString(httpId).toString());
    assertNotEquals(callId, httpId, "a fresh id per HTTP call, not the caller's");
    assertEquals(Long.toString(NOW_SECONDS), req.header("x-iii-timestamp"), "Unix seconds on the engine clock");
    assertEquals("test-value", req.header("x-custom-header"));
    assertEquals(null, req.header("x-iii-signature"));
  }

  @Test
  void hmacSignsTimestampColonBase64OfTheExactBody() throws Exception {
    server.on("/hmac", req -> Answer.text(204, ""));
    register(worker, "ext::hmac", "{\"url\":\"" + server.url("/hmac") + "\","
        + "\"auth\":{\"type\":\"hmac\",\"secret_key\":\"MY_SECRET\"}}");
    // An array payload gets no _caller_worker_id, so the body is exactly "[1,2]": a fixed vector.
    JsonNode result = worker.callAndWait("ext::hmac", "[1,2]");
    assertFalse(result.has("error"), result.toString());
    assertFalse(result.has("result"), "2xx with an empty body: success without a result");

    Received req = server.next("/hmac", WAIT);
    assertEquals("POST", req.method(), "POST by default");
    assertEquals("[1,2]", req.bodyText());
    assertEquals("1700000000", req.header("x-iii-timestamp"));
    // HMAC-SHA256(key "s3cret", "1700000000:WzEsMl0="), computed outside the JVM.
    assertEquals("sha256=1abbaca5f3c14902b44cae8656bd0d26df667cb664ade9f7ec85f7cf3e28ac41",
        req.header("x-iii-signature"));
    assertEquals(expectedSignature("s3cret", req.header("x-iii-timestamp"), req.body()),
        req.header("x-iii-signature"));
    assertEquals(null, req.header("authorization"));
  }

  @Test
  void apiKeyGoesInTheConfiguredHeader() throws Exception {
    server.on("/key", req -> "k3y".equals(req.header("X-Api-Key"))
        ? Answer.json(200, "[\"accepted\"]") : Answer.text(403, "no key"));
    register(worker, "ext::key", "{\"url\":\"" + server.url("/key") + "\",\"method\":\"GET\","
        + "\"auth\":{\"type\":\"api_key\",\"header\":\"X-Api-Key\",\"value_key\":\"MY_KEY\"}}");
    JsonNode result = worker.callAndWait("ext::key", "{}");
    assertEquals(RawWorker.JSON.readTree("[\"accepted\"]"), result.get("result"), result.toString());
    Received req = server.next("/key", WAIT);
    assertEquals("GET", req.method());
    assertTrue(req.body().length > 0, "a JSON body is sent even for GET");
  }

  @Test
  void responsesMapToTheEngineErrorCodes() throws Exception {
    server.on("/plain400", req -> Answer.text(400, "nope"));
    server.on("/jsonerr", req -> Answer.json(500, "{\"error\":{\"code\":\"E_BAD\",\"message\":\"bad thing\"}}"));
    server.on("/emptyerr", req -> Answer.json(502, "{\"error\":{}}"));
    server.on("/notjson", req -> Answer.text(200, "not json"));
    server.on("/redirect", req -> new Answer(302, "text/plain", "", Map.of("location", server.url("/plain400"))));
    for (String path : new String[] {"plain400", "jsonerr", "emptyerr", "notjson", "redirect"}) {
      register(worker, "ext::" + path, "{\"url\":\"" + server.url("/" + path) + "\"}");
    }
    assertError(worker.callAndWait("ext::plain400", "{}"), "http_error", "HTTP 400 Bad Request");
    assertError(worker.callAndWait("ext::jsonerr", "{}"), "E_BAD", "bad thing");
    assertError(worker.callAndWait("ext::emptyerr", "{}"), "http_error", "HTTP request failed");
    JsonNode invalid = worker.callAndWait("ext::notjson", "{}");
    assertEquals("invalid_response", invalid.path("error").path("code").asText(), invalid.toString());
    assertError(worker.callAndWait("ext::redirect", "{}"), "http_error", "HTTP 302 Found");
  }

  private static void assertError(JsonNode result, String code, String message) {
    assertEquals(code, result.path("error").path("code").asText(), result.toString());
    assertEquals(message, result.path("error").path("message").asText(), result.toString());
  }

  @Test
  void timeoutsAndRefusedConnectionsAreRequestFailures() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    server.on("/hang", req -> {
      release.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return Answer.json(200, "{}");
    });
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    register(worker, "ext::hang", "{\"url\":\"" + server.url("/hang") + "\",\"timeout_ms\":200}");
    register(worker, "ext::refused", "{\"url\":\"http://127.0.0.1:" + closedPort + "/x\"}");
    try {
      JsonNode timedOut = worker.callAndWait("ext::hang", "{}");
      assertEquals("http_request_failed", timedOut.path("error").path("code").asText(), timedOut.toString());
      assertTrue(timedOut.path("error").path("message").asText().contains("timed out"), timedOut.toString());
    } finally {
      release.complete(null);
    }
    JsonNode refused = worker.callAndWait("ext::refused", "{}");
    assertEquals("http_request_failed", refused.path("error").path("code").asText(), refused.toString());
    assertTrue(refused.path("error").path("message").asText().toLowerCase().contains("connect"), refused.toString());
  }

  @Test
  void ownershipFollowsTheLastRegistrantAndRejectedRegistrationsAreDropped() throws Exception {
    server.on("/own", req -> Answer.json(200, "{\"from\":\"server\"}"));
    register(worker, "ext::nosecret", "{\"url\":\"" + server.url("/own") + "\","
        + "\"auth\":{\"type\":\"bearer\",\"token_key\":\"NOT_SET\"}}");
    assertEquals("function_not_found", worker.callAndWait("ext::nosecret", "{}").path("error").path("code").asText(),
        "a missing environment variable drops the registration");

    register(worker, "ext::own", "{\"url\":\"" + server.url("/own") + "\"}");
    try (RawWorker second = RawWorker.connect(engine.url())) {
      register(second, "ext::own", "{\"url\":\"" + server.url("/own") + "\"}");
      Await.condition(WAIT, () -> engine.functions().stream()
          .anyMatch(f -> f.id().equals("ext::own") && f.ownerWorkerId().equals(second.workerId())));
      worker.close(); // the earlier registrant leaves: the function stays with the second one
      JsonNode stillThere = second.callAndWait("ext::own", "{}");
      assertEquals(RawWorker.parse("{\"from\":\"server\"}"), stillThere.get("result"), stillThere.toString());
      worker = RawWorker.connect(engine.url());
    }
    // Its owner gone, the function goes too.
    Await.condition(WAIT, () -> engine.functions().stream().noneMatch(f -> f.id().equals("ext::own")));
    assertEquals("function_not_found", worker.callAndWait("ext::own", "{}").path("error").path("code").asText());
  }

  @Test
  void anHttpTriggerCallsTheUrlWithTheBarePayload() throws Exception {
    server.on("/routed", req -> Answer.json(200, "{\"status_code\":203,\"body\":{\"via\":\"http-function\"}}"));
    register(worker, "ext::routed", "{\"url\":\"" + server.url("/routed") + "\"}");
    worker.send("{\"type\":\"registertrigger\",\"id\":\"t-routed\",\"trigger_type\":\"http\","
        + "\"function_id\":\"ext::routed\",\"config\":{\"api_path\":\"routed\"}}");
    worker.barrier();
    var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.httpUrl() + "/routed")).timeout(WAIT).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(203, response.statusCode());
    assertEquals("{\"via\":\"http-function\"}", response.body());
    JsonNode sent = RawWorker.parse(server.next("/routed", WAIT).bodyText());
    assertEquals("routed", sent.get("path").asText());
    assertFalse(sent.has("_caller_worker_id"), "engine-made calls carry no _caller_worker_id");
  }
}
