package dev.iii.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.ManualClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} trigger module (ENGINE §6, A.2, §14.3 items 8, 12, 19) answered over real HTTP; a raw worker
 * registers the functions and triggers and answers the engine's invocations by hand.
 */
class HttpTriggerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static ManualClock clock;
  private static TestEngine engine;
  private RawWorker worker;

  @BeforeAll
  static void startEngine() {
    clock = EngineClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
    engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).httpDefaultTimeout(DEFAULT_TIMEOUT)
        .build());
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @BeforeEach
  void connect() throws Exception {
    worker = RawWorker.connect(engine.url());
  }

  @AfterEach
  void disconnect() {
    worker.close();
    // Its triggers (and so its routes) go with it; wait so the next test starts from an empty table.
    Await.condition(WAIT, () -> engine.triggers().stream().noneMatch(t -> t.triggerType().equals("http")));
  }

  // ---------------------------------------------------------------- helpers

  private void function(String id) {
    worker.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}");
  }

  private void trigger(String functionId, String configJson) {
    worker.send("{\"type\":\"registertrigger\",\"id\":\"" + UUID.randomUUID() + "\",\"trigger_type\":\"http\","
        + "\"function_id\":\"" + functionId + "\",\"config\":" + configJson + "}");
  }

  private void route(String functionId, String configJson) {
    function(functionId);
    trigger(functionId, configJson);
    worker.barrier(); // both frames handled: the route exists
  }

  private JsonNode awaitInvoke(String functionId) {
    return worker.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
  }

  private void answer(JsonNode invoke, String resultJson) {
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText() + "\",\"result\":" + resultJson + "}");
  }

  private void fail(JsonNode invoke, String message) {
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText()
        + "\",\"error\":{\"code\":\"invocation_failed\",\"message\":\"" + message + "\"}}");
  }

  private static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder b) {
    return CLIENT.sendAsync(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(engine.httpUrl() + pathAndQuery));
  }

  private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> f) throws Exception {
    return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static JsonNode json(String text) {
    return RawWorker.parse(text);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void valueModeCarriesPathParamsQueryBodyAndMapsTheResult() throws Exception {
    route("api::createUser", "{\"api_path\":\"users/:id\",\"http_method\":\"post\"}");
    var pending = send(request("/users/42?x=1&q=a+b%21&x=2")
        .header("Content-Type", "application/json").header("X-Custom", "v1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test item\"}")));

    JsonNode invoke = awaitInvoke("api::createUser");
    JsonNode data = invoke.get("data");
    assertEquals("users/:id", data.get("path").asText(), "the registered pattern, not the concrete path");
    assertEquals("POST", data.get("method").asText());
    assertEquals(json("{\"id\":\"42\"}"), data.get("path_params"));
    assertEquals(json("{\"x\":\"2\",\"q\":\"a b!\"}"), data.get("query_params"), "decoded, last value wins");
    assertEquals(json("{\"name\":\"test item\"}"), data.get("body"));
    assertEquals("v1", data.get("headers").get("x-custom").asText(), "lower-case header names");
    assertEquals("application/json", data.get("headers").get("content-type").asText());
    assertTrue(data.get("headers").get("host").asText().endsWith(":" + engine.httpPort()));
    assertEquals(json("{\"method\":\"POST\",\"path\":\"users/:id\",\"type\":\"http\"}"), data.get("trigger"));
    assertEquals("read", data.get("request_body").get("direction").asText());
    assertEquals("write", data.get("response").get("direction").asText());
    assertTrue(data.get("response").get("channel_id").isTextual() && data.get("response").get("access_key").isTextual());
    assertFalse(data.has("_caller_worker_id"), "HTTP routes never carry _caller_worker_id");

    answer(invoke,
        "{\"status_code\":201,\"headers\":{\"X-Reply\":\"yes\",\"X-Bad\":5},\"body\":{\"created\":true}}");
    HttpResponse<String> r = await(pending);
    assertEquals(201, r.statusCode());
    assertEquals("{\"created\":true}", r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    assertEquals("yes", r.headers().firstValue("x-reply").orElse(""));
    assertTrue(r.headers().firstValue("x-bad").isEmpty(), "non-string header values are skipped");
  }

  @Test
  void bodyMappingFollowsTheContentTypeRules() throws Exception {
    route("api::xml", "{\"api_path\":\"/xml\"}");
    route("api::text", "{\"api_path\":\"text\"}");
    route("api::bare", "{\"api_path\":\"bare\"}");

    var xml = send(request("/xml"));
    answer(awaitInvoke("api::xml"), "{\"headers\":[\"Content-Type: text/xml\",\"broken\"],\"body\":\"<a/>\"}");
    HttpResponse<String> r = await(xml);
    assertEquals(200, r.statusCode());
    assertEquals("text/xml", r.headers().firstValue("content-type").orElse(""));
    assertEquals("<a/>", r.body());

    var text = send(request("/text"));
    answer(awaitInvoke("api::text"), "{\"statusCode\":201,\"body\":\"hi\"}");
    r = await(text);
    assertEquals(200, r.statusCode(), "only snake_case status_code is read");
    assertEquals("\"hi\"", r.body(), "a string body without content-type is JSON-quoted");

    var bare = send(request("/bare"));
    answer(awaitInvoke("api::bare"), "[1,2]");
    r = await(bare);
    assertEquals(200, r.statusCode());
    assertEquals("{}", r.body(), "a non-object result yields 200 {}");
  }

  @Test
  void unknownRoutesMethodsAndHead() throws Exception {
    route("api::get", "{\"api_path\":\"items/:id\"}");
    HttpResponse<String> notFound = await(send(request("/nothing/here")));
    assertEquals(404, notFound.statusCode());
    assertEquals("", notFound.body());
    assertEquals(404, await(send(request("/items/1/").GET())).statusCode(), "trailing slashes are significant");
    assertEquals(405, await(send(request("/items/1").DELETE())).statusCode());
    HttpResponse<String> head = await(send(request("/items/1").method("HEAD", HttpRequest.BodyPublishers.noBody())));
    assertEquals(404, head.statusCode(), "HEAD is not served by a GET route");
    assertTrue(worker.unconsumed().stream().noneMatch(f -> "invokefunction".equals(f.path("type").asText())));
  }

  @Test
  void handlerErrorAndMissingFunctionAnswer500() throws Exception {
    route("api::boom", "{\"api_path\":\"boom\"}");
    var boom = send(request("/boom"));
    fail(awaitInvoke("api::boom"), "boom happened");
    HttpResponse<String> r = await(boom);
    assertEquals(500, r.statusCode());
    JsonNode body = json(r.body());
    assertEquals("boom happened", body.get("error").asText());
    assertTrue(body.get("error_id").asText().matches("[0-9a-f]{1,12}"), body.toString());

    trigger("api::ghost", "{\"api_path\":\"ghost\"}"); // a route to a function nobody registered
    worker.barrier();
    r = await(send(request("/ghost")));
    assertEquals(500, r.statusCode());
    assertEquals("Function api::ghost not found", json(r.body()).get("error").asText());
  }

  @Test
  void conditionFalseAnswers422AndOnlyLiteralFalseSkips() throws Exception {
    function("api::cond");
    route("api::guarded", "{\"api_path\":\"guarded\",\"condition_function_id\":\"api::cond\"}");

    var skipped = send(request("/guarded"));
    JsonNode cond = awaitInvoke("api::cond");
    assertFalse(cond.get("data").has("request_body"), "the condition gets no channels");
    assertFalse(cond.get("data").has("response"));
    assertEquals("guarded", cond.get("data").get("path").asText());
    answer(cond, "false");
    HttpResponse<String> r = await(skipped);
    assertEquals(422, r.statusCode());
    assertEquals(json("{\"error\":\"Request condition not met\",\"skipped\":true}"), json(r.body()));

    var passed = send(request("/guarded"));
    answer(awaitInvoke("api::cond"), "{\"pass\":false}"); // not a literal false: the handler runs
    answer(awaitInvoke("api::guarded"), "{\"body\":{\"ok\":true}}");
    r = await(passed);
    assertEquals(200, r.statusCode());
    assertEquals("{\"ok\":true}", r.body());
  }

  @Test
  void middlewareCanRespondOrContinue() throws Exception {
    function("api::mw");
    route("api::protected", "{\"api_path\":\"protected/:id\",\"middleware_function_ids\":[\"api::mw\",7]}");

    var denied = send(request("/protected/9?k=v"));
    JsonNode mw = awaitInvoke("api::mw");
    assertEquals(json("{\"phase\":\"preHandler\",\"request\":{\"path_params\":{\"id\":\"9\"},"
        + "\"query_params\":{\"k\":\"v\"},\"headers\":" + mw.get("data").get("request").get("headers")
        + ",\"method\":\"GET\"},\"context\":{}}"), mw.get("data"));
    answer(mw, "{\"action\":\"respond\",\"response\":{\"status_code\":403,\"body\":{\"denied\":true},"
        + "\"headers\":{\"X-Why\":\"no\"}}}");
    HttpResponse<String> r = await(denied);
    assertEquals(403, r.statusCode());
    assertEquals("{\"denied\":true}", r.body());
    assertEquals("no", r.headers().firstValue("x-why").orElse(""));

    var allowed = send(request("/protected/9"));
    answer(awaitInvoke("api::mw"), "{\"action\":\"continue\"}");
    answer(awaitInvoke("api::protected"), "{\"status_code\":202}");
    r = await(allowed);
    assertEquals(202, r.statusCode());
    assertEquals("{}", r.body(), "a missing body is {}");
  }

  @Test
  void aSilentHandlerOrANullResultEndsIn504OnTheEngineClock() throws Exception {
    route("api::slow", "{\"api_path\":\"slow\"}");
    var slow = send(request("/slow"));
    awaitInvoke("api::slow"); // never answered
    clock.advance(DEFAULT_TIMEOUT.minusMillis(1));
    assertFalse(slow.isDone(), "not before default_timeout");
    clock.advance(Duration.ofMillis(1));
    HttpResponse<String> r = await(slow);
    assertEquals(504, r.statusCode());
    assertEquals("", r.body());

    route("api::nothing", "{\"api_path\":\"nothing\"}");
    var nothing = send(request("/nothing"));
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\""
        + awaitInvoke("api::nothing").get("invocation_id").asText() + "\",\"function_id\":\"api::nothing\"}");
    // No value means streaming mode: without a response writer the request waits for the timeout.
    Await.condition(WAIT, () -> !clock.pendingTasks().isEmpty());
    clock.advance(DEFAULT_TIMEOUT);
    assertEquals(504, await(nothing).statusCode());
  }

  @Test
  void registrationRulesOfTheRouteTable() throws Exception {
    function("api::a");
    trigger("api::a", "{\"http_method\":\"GET\"}"); // no api_path: not stored
    trigger("api::a", "{\"api_path\":\"odd\",\"http_method\":\"TRACE\"}"); // stored, no route
    trigger("api::a", "{\"api_path\":\"/same\"}");
    worker.barrier();
    List<String> paths = engine.triggers().stream().filter(t -> t.triggerType().equals("http"))
        .map(t -> t.config().path("api_path").asText()).toList();
    assertEquals(List.of("odd", "/same"), paths);
    assertEquals(404, await(send(request("/odd"))).statusCode());

    trigger("api::a", "{\"api_path\":\"things/:id\"}");
    trigger("api::a", "{\"api_path\":\"things/:name/x\"}"); // differs only in a parameter name: refused
    worker.barrier();
    assertTrue(engine.triggers().stream().noneMatch(t -> t.config().path("api_path").asText().equals("things/:name/x")));

    route("api::b", "{\"api_path\":\"same\"}"); // the same route key: the last registration wins
    var same = send(request("/same"));
    answer(awaitInvoke("api::b"), "{\"body\":\"b\",\"headers\":{\"content-type\":\"text/plain\"}}");
    assertEquals("b", await(same).body());
  }

  @Test
  void corsIsFullyPermissiveByDefault() throws Exception {
    route("api::cors", "{\"api_path\":\"cors\",\"http_method\":\"PUT\"}");
    HttpResponse<String> preflight = await(send(request("/cors").header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "PUT").method("OPTIONS", HttpRequest.BodyPublishers.noBody())));
    assertEquals(200, preflight.statusCode());
    assertEquals("*", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
    assertEquals("*", preflight.headers().firstValue("access-control-allow-methods").orElse(""));

    var put = send(request("/cors").header("Origin", "https://app.example").PUT(HttpRequest.BodyPublishers.noBody()));
    answer(awaitInvoke("api::cors"), "{\"body\":1}");
    HttpResponse<String> r = await(put);
    assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(""));
    assertEquals("1", r.body());
  }
}
