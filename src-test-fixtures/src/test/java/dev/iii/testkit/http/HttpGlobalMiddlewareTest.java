package dev.iii.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Global middleware ({@code iii-http.middleware}, ENGINE §6.6): runs first, before the body and the condition. */
class HttpGlobalMiddlewareTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static TestEngine engine;
  private static RawWorker worker;

  @BeforeAll
  static void start() throws Exception {
    engine = TestEngine.start(TestEngineOptions.newBuilder().httpMiddleware(List.of("mw::global")).build());
    worker = RawWorker.connect(engine.url());
    worker.send("{\"type\":\"registerfunction\",\"id\":\"mw::global\"}");
    worker.send("{\"type\":\"registerfunction\",\"id\":\"api::cond\"}");
    worker.send("{\"type\":\"registerfunction\",\"id\":\"api::h\"}");
    worker.send("{\"type\":\"registertrigger\",\"id\":\"t-h\",\"trigger_type\":\"http\",\"function_id\":\"api::h\","
        + "\"config\":{\"api_path\":\"h/:id\",\"http_method\":\"POST\",\"condition_function_id\":\"api::cond\"}}");
    worker.barrier();
  }

  @AfterAll
  static void stop() {
    worker.close();
    engine.close();
  }

  private static CompletableFuture<HttpResponse<String>> post(String path) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(engine.httpUrl() + path)).timeout(WAIT)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"b\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitInvoke(String functionId) {
    return worker.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
  }

  private static void answer(JsonNode invoke, String field, String json) {
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText() + "\",\"" + field + "\":" + json + "}");
  }

  @Test
  void globalMiddlewareRespondsBeforeAnythingElseRuns() throws Exception {
    var pending = post("/h/7?q=1");
    JsonNode mw = awaitInvoke("mw::global");
    JsonNode request = mw.get("data").get("request");
    assertEquals("7", request.get("path_params").get("id").asText());
    assertEquals("1", request.get("query_params").get("q").asText());
    assertEquals("POST", request.get("method").asText());
    assertFalse(request.has("body"), "middleware never sees the body");
    answer(mw, "result", "{\"action\":\"respond\",\"response\":{\"status_code\":401,"
        + "\"headers\":{\"X-A\":\"1\",\"X-B\":2}}}");
    HttpResponse<String> r = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(401, r.statusCode());
    assertEquals("null", r.body(), "a missing body is JSON null");
    assertTrue(r.headers().firstValue("x-a").isEmpty(), "one non-string value drops the whole headers object");
    assertTrue(worker.unconsumed().stream().noneMatch(f -> f.path("function_id").asText().equals("api::cond")));
  }

  @Test
  void aFailingMiddlewareAnswers500AndContinueReachesConditionAndHandler() throws Exception {
    var failing = post("/h/1");
    answer(awaitInvoke("mw::global"), "error", "{\"code\":\"x\",\"message\":\"mw broke\"}");
    HttpResponse<String> r = failing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(500, r.statusCode());
    assertEquals("mw broke", RawWorker.parse(r.body()).get("error").asText());

    var passing = post("/h/2");
    answer(awaitInvoke("mw::global"), "result", "{\"action\":\"something-else\"}"); // treated as continue
    answer(awaitInvoke("api::cond"), "result", "true");
    JsonNode handler = awaitInvoke("api::h");
    assertEquals(1, handler.get("data").get("body").get("b").asInt());
    answer(handler, "result", "{\"status_code\":200,\"body\":{\"id\":\"2\"}}");
    r = passing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(200, r.statusCode());
    assertEquals("{\"id\":\"2\"}", r.body());
  }
}
