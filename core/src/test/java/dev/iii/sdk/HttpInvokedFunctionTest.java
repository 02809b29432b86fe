package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code registerFunction(id, HttpInvocationConfig)}: the {@code registerfunction} frame (PROTOCOL §2.14.3: method
 * upper case, headers omitted when empty, auth naming engine environment variables), an inbound invocation answered
 * {@code function_not_invokable}, the id rules shared with ordinary functions, and input validation.
 */
class HttpInvokedFunctionTest {
  private static InitOptions options() {
    return InitOptions.newBuilder().otel(OtelConfig.newBuilder().enabled(false).build()).build();
  }

  private static JsonNode registration(ScriptedEngine engine, String id) {
    return engine.await(j -> j.path("type").asText().equals("registerfunction") && j.path("id").asText().equals(id),
        "registerfunction " + id);
  }

  @Test
  void registerFunctionFrameCarriesTheInvocation() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine(); III iii = III.registerWorker(engine.url(), options())) {
      iii.registerFunction("ext::score",
          HttpInvocationConfig.newBuilder("https://abc.lambda-url.eu-west-1.on.aws/")
              .method("put")
              .timeout(Duration.ofSeconds(10))
              .header("x-team", "ml")
              .auth(HttpAuth.hmacFromEngineEnv("SCORE_HMAC_SECRET"))
              .build(),
          "Scoring lambda", JsonNodeFactory.instance.objectNode().put("team", "ml"));
      iii.registerFunction("ext::plain", HttpInvocationConfig.of("https://example.com/hook"));
      iii.registerFunction("ext::bearer", HttpInvocationConfig.newBuilder("https://example.com/b")
          .auth(HttpAuth.bearerFromEngineEnv("LAMBDA_TOKEN")).build());
      iii.registerFunction("ext::key", HttpInvocationConfig.newBuilder("https://example.com/k")
          .auth(HttpAuth.apiKeyFromEngineEnv("x-api-key", "PARTNER_API_KEY")).build());

      JsonNode score = registration(engine, "ext::score");
      assertEquals("Scoring lambda", score.get("description").asText());
      assertEquals("ml", score.at("/metadata/team").asText());
      assertEquals("https://abc.lambda-url.eu-west-1.on.aws/", score.at("/invocation/url").asText());
      assertEquals("PUT", score.at("/invocation/method").asText());
      assertEquals(10_000, score.at("/invocation/timeout_ms").asLong());
      assertEquals("ml", score.at("/invocation/headers/x-team").asText());
      assertEquals("{\"type\":\"hmac\",\"secret_key\":\"SCORE_HMAC_SECRET\"}", score.at("/invocation/auth").toString());
      assertFalse(score.has("request_format"));

      JsonNode plain = registration(engine, "ext::plain").get("invocation");
      assertEquals("POST", plain.get("method").asText());
      assertFalse(plain.has("headers"), "empty headers are omitted, never null: " + plain);
      assertFalse(plain.has("timeout_ms"));
      assertFalse(plain.has("auth"));

      assertEquals("{\"type\":\"bearer\",\"token_key\":\"LAMBDA_TOKEN\"}",
          registration(engine, "ext::bearer").at("/invocation/auth").toString());
      assertEquals("{\"type\":\"api_key\",\"header\":\"x-api-key\",\"value_key\":\"PARTNER_API_KEY\"}",
          registration(engine, "ext::key").at("/invocation/auth").toString());
    }
  }

  @Test
  void inboundInvocationIsAnsweredFunctionNotInvokable() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine(); III iii = III.registerWorker(engine.url(), options())) {
      iii.registerFunction("ext::lambda", HttpInvocationConfig.of("https://example.com/l"));
      await(iii.awaitRegistrations());
      String inv = UUID.randomUUID().toString();
      engine.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + inv + "\",\"function_id\":\"ext::lambda\","
          + "\"data\":{}}");

      JsonNode result = engine.await(j -> j.path("invocation_id").asText().equals(inv), "answer");
      assertEquals("invocationresult", result.get("type").asText());
      assertEquals(ErrorCodes.FUNCTION_NOT_INVOKABLE, result.at("/error/code").asText());
      assertEquals("Function is HTTP-invoked and cannot be invoked locally", result.at("/error/message").asText());
    }
  }

  @Test
  void replayedAfterReconnectAndRemovedByUnregister() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine();
        III iii = III.registerWorker(engine.url(), InitOptions.newBuilder()
            .otel(OtelConfig.newBuilder().enabled(false).build())
            .reconnection(ReconnectionConfig.newBuilder().initialDelay(Duration.ofMillis(20)).build()).build())) {
      FunctionRef ref = iii.registerFunction("ext::r", HttpInvocationConfig.of("https://example.com/r"));
      await(iii.awaitRegistrations());
      engine.drop();
      TestSupport.awaitCondition(Duration.ofSeconds(10), () -> engine.frames.stream().anyMatch(f -> f.connection() == 2
          && f.type().equals("registerfunction")), "replayed on connection 2");
      JsonNode replayed = engine.frames.stream().filter(f -> f.connection() == 2 && f.type().equals("registerfunction"))
          .findFirst().orElseThrow().json();
      assertEquals("https://example.com/r", replayed.at("/invocation/url").asText());

      ref.unregister();
      engine.await(j -> j.path("type").asText().equals("unregisterfunction"), "unregisterfunction");
      // The id is free again.
      iii.registerFunction(FunctionDef.json("ext::r", (in, ctx) -> "local now"));
    }
  }

  @Test
  void sharesIdRulesWithOrdinaryFunctions() {
    try (TestEngine engine = TestSupport.startEngine(); III iii = III.registerWorker(engine.url(), options())) {
      iii.registerFunction(FunctionDef.json("dup::a", (in, ctx) -> null));
      assertThrows(IllegalArgumentException.class,
          () -> iii.registerFunction("dup::a", HttpInvocationConfig.of("https://example.com")));
      iii.registerFunction("dup::b", HttpInvocationConfig.of("https://example.com"));
      assertThrows(IllegalArgumentException.class,
          () -> iii.registerFunction(FunctionDef.json("dup::b", (in, ctx) -> null)));
      assertThrows(IllegalArgumentException.class,
          () -> iii.registerFunction(" ", HttpInvocationConfig.of("https://example.com")));

      // The default engine (no iii-http-functions module) accepts the frame and ignores the registration.
      await(iii.awaitRegistrations());
      assertTrue(engine.droppedFrames().isEmpty(), engine.droppedFrames().toString());
      assertTrue(engine.functions().stream().noneMatch(f -> f.id().equals("dup::b")));
      InvocationException e = assertThrows(InvocationException.class, () -> iii.call("dup::b", null));
      assertEquals(ErrorCodes.FUNCTION_NOT_FOUND, e.code());
    }
  }

  @Test
  void engineWithHttpFunctionsCallsTheEndpointWithTheAuthFromItsEnvironment() throws Exception {
    java.util.List<String> authorization = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/score", exchange -> {
      authorization.add(exchange.getRequestHeaders().getFirst("Authorization"));
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      byte[] out = "{\"score\":0.9}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
    dev.iii.testkit.TestEngineOptions opts = TestSupport.engineOptions().toBuilder()
        .httpFunctions(dev.iii.testkit.TestEngineOptions.HttpFunctionsSecurity.localTesting())
        .environment(java.util.Map.of("SCORE_TOKEN", "s3cret"))
        .build();
    try (TestEngine engine = TestEngine.start(opts); III iii = III.registerWorker(engine.url(), options())) {
      iii.registerFunction("ext::score",
          HttpInvocationConfig.newBuilder("http://127.0.0.1:" + server.getAddress().getPort() + "/score")
              .auth(HttpAuth.bearerFromEngineEnv("SCORE_TOKEN")).build(),
          "Scoring endpoint", null);
      engine.awaitFunction("ext::score");

      assertTrue(engine.functions().stream().anyMatch(f -> f.id().equals("ext::score")
          && "Scoring endpoint".equals(f.description())), engine.functions().toString());
      JsonNode result = iii.call("ext::score", java.util.Map.of("x", 1));

      assertEquals(0.9, result.get("score").asDouble());
      assertEquals(java.util.List.of("Bearer s3cret"), authorization);
      assertEquals(1, ScriptedEngine.JSON.readTree(bodies.get(0)).get("x").asInt());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void invalidConfigurationIsRejectedWithClearErrors() {
    assertThrows(IllegalArgumentException.class, () -> HttpInvocationConfig.of("ftp://example.com"));
    assertThrows(IllegalArgumentException.class, () -> HttpInvocationConfig.of("/relative"));
    assertThrows(IllegalArgumentException.class, () -> HttpInvocationConfig.of(" "));
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> HttpInvocationConfig.newBuilder("https://x.io").method("HEAD"));
    assertTrue(m.getMessage().contains("HEAD"), m.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HttpInvocationConfig.newBuilder("https://x.io").timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> HttpAuth.bearerFromEngineEnv(" "));
    assertThrows(IllegalArgumentException.class, () -> HttpAuth.apiKeyFromEngineEnv("", "VAR"));
    assertThrows(IllegalArgumentException.class, () -> HttpAuth.hmacFromEngineEnv(null));
    assertEquals("https://x.io", HttpInvocationConfig.newBuilder("https://x.io").header("a", "b").build()
        .toBuilder().build().url());
  }
}
