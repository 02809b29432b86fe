package dev.iii.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streaming through the request's channels (ENGINE §6.3 step 4, §6.5, A.3): the worker opens the channel ends
 * named in the request object, as the SDKs' {@code request_body} reader and {@code response} writer do.
 */
class HttpStreamingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static TestEngine engine;
  private static RawWorker worker;

  @BeforeAll
  static void start() throws Exception {
    engine = TestEngine.start();
    worker = RawWorker.connect(engine.url());
    for (String name : new String[] {"download", "upload", "empty", "jsononly"}) {
      worker.send("{\"type\":\"registerfunction\",\"id\":\"api::" + name + "\"}");
      worker.send("{\"type\":\"registertrigger\",\"id\":\"t-" + name + "\",\"trigger_type\":\"http\","
          + "\"function_id\":\"api::" + name + "\",\"config\":{\"api_path\":\"" + name + "\",\"http_method\":\"POST\"}}");
    }
    worker.barrier();
  }

  @AfterAll
  static void stop() {
    worker.close();
    engine.close();
  }

  private static CompletableFuture<HttpResponse<String>> post(String path, String contentType, String body) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(engine.httpUrl() + path)).timeout(WAIT)
        .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitInvoke(String functionId) {
    return worker.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
  }

  private static void answerWithoutValue(JsonNode invoke) {
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText() + "\"}");
  }

  @Test
  void aHandlerStreamsItsResponseThroughTheResponseChannel() throws Exception {
    var pending = post("/download", "application/json", "{}");
    JsonNode invoke = awaitInvoke("api::download");
    try (ChannelClient out = ChannelClient.open(engine.url(), invoke.get("data").get("response"))) {
      out.text("{\"type\":\"set_status\",\"status_code\":206}");
      out.text("{\"type\":\"set_status\",\"status_code\":1000}"); // out of range: ignored
      out.text("{\"type\":\"set_headers\",\"headers\":{\"content-type\":\"application/pdf\",\"x-n\":1}}");
      out.binary("hello ");
      out.binary("world");
      out.text("{\"type\":\"set_status\",\"status_code\":500}"); // after the first binary: ignored
      out.finish();
    }
    answerWithoutValue(invoke);
    HttpResponse<String> r = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(206, r.statusCode());
    assertEquals("application/pdf", r.headers().firstValue("content-type").orElse(""));
    assertTrue(r.headers().firstValue("x-n").isEmpty(), "non-string header values are skipped");
    assertEquals("hello world", r.body());
  }

  @Test
  void aNonJsonBodyIsStreamedThroughRequestBodyAndNotParsed() throws Exception {
    var pending = post("/upload", "text/plain", "raw bytes, not JSON");
    JsonNode invoke = awaitInvoke("api::upload");
    assertTrue(invoke.get("data").get("body").isNull(), "body is null for a non-JSON request");
    byte[] received;
    try (ChannelClient in = ChannelClient.open(engine.url(), invoke.get("data").get("request_body"))) {
      received = in.closed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertEquals("raw bytes, not JSON", new String(received, StandardCharsets.UTF_8));
    worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"api::upload\",\"result\":{\"body\":{\"size\":" + received.length + "}}}");
    HttpResponse<String> r = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(200, r.statusCode());
    assertEquals("{\"size\":19}", r.body());
  }

  @Test
  void aResponseChannelClosedWithoutBinaryAnswersAtOnceWithAnEmptyBody() throws Exception {
    var pending = post("/empty", "application/json", "{\"x\":1}");
    JsonNode invoke = awaitInvoke("api::empty");
    assertEquals(1, invoke.get("data").get("body").get("x").asInt());
    try (ChannelClient out = ChannelClient.open(engine.url(), invoke.get("data").get("response"))) {
      out.text("{\"type\":\"set_status\",\"status_code\":202}");
      out.text("{\"type\":\"set_headers\",\"headers\":{\"x-done\":\"yes\"}}");
      out.finish();
    }
    // The handler has not answered: the channel's end alone decides the response.
    HttpResponse<String> r = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(202, r.statusCode());
    assertEquals("yes", r.headers().firstValue("x-done").orElse(""));
    assertEquals("", r.body());
    assertFalse(r.headers().firstValue("content-type").isPresent(), "no content-type is added");
    answerWithoutValue(invoke); // late: ignored
  }

  @Test
  void forAJsonRequestTheRequestBodyChannelEndsOnlyWithTheExchange() throws Exception {
    var pending = post("/jsononly", "application/json; charset=utf-8", "{\"n\":5}");
    JsonNode invoke = awaitInvoke("api::jsononly");
    assertEquals(5, invoke.get("data").get("body").get("n").asInt(), "content-type contains application/json");
    try (ChannelClient in = ChannelClient.open(engine.url(), invoke.get("data").get("request_body"))) {
      assertFalse(in.closed().isDone(), "nothing is written, and the writer is held while the request runs");
      worker.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
          + "\",\"function_id\":\"api::jsononly\",\"result\":{\"body\":null,\"headers\":[\"content-type: text/plain\"]}}");
      HttpResponse<String> r = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(200, r.statusCode());
      assertEquals("", r.body(), "null body with an explicit content-type is empty");
      assertEquals(0, in.closed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).length, "end-of-stream, no bytes");
    }
  }
}
