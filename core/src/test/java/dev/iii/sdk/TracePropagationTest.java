package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * W3C propagation across three workers, each with its own OpenTelemetry SDK in this JVM (PROTOCOL §4.7): A calls B
 * calls C; the spans that reach the engine's {@code /otel} form one trace with the right parents, and baggage set in
 * A is visible in C's handler.
 */
class TracePropagationTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  static TestEngine engine;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  private static III worker(String service) {
    return III.registerWorker(
        engine.url(),
        InitOptions.newBuilder()
            .workerName(service)
            .otel(OtelConfig.newBuilder().serviceName(service).enabled(true).build())
            .build());
  }

  private static JsonNode awaitSpan(String service, String name) {
    awaitCondition(WAIT, () -> OtlpFrames.span(engine, service, name).isPresent(), service + " span " + name);
    return OtlpFrames.span(engine, service, name).orElseThrow();
  }

  @Test
  void aCallsBCallsCFormsOneTraceAndCarriesBaggage() {
    III a = worker("trace-a");
    III b = worker("trace-b");
    III c = worker("trace-c");
    try {
      c.registerFunction(
          FunctionDef.json("c::fn", (in, ctx) -> Map.of(
              "tenant", String.valueOf(Baggage.current().getEntryValue("tenant")),
              "traceparent", String.valueOf(ctx.traceparent()))));
      b.registerFunction(FunctionDef.json("b::fn", (in, ctx) -> ctx.iii().call("c::fn", Map.of())));
      await(c.awaitRegistrations());
      await(b.awaitRegistrations());

      JsonNode result;
      try (Scope ignored = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent()) {
        result = a.call("b::fn", Map.of());
      }
      assertEquals("acme", result.path("tenant").asText(), "baggage set in A is visible in C's handler");
    } finally {
      // Shutdown flushes each worker's spans to /otel before closing the socket.
      c.shutdown();
      b.shutdown();
      a.shutdown();
    }

    JsonNode aClient = awaitSpan("trace-a", "call b::fn");
    JsonNode bServer = awaitSpan("trace-b", "call b::fn");
    JsonNode bClient = spanOfKind("trace-b", "call c::fn", 3);
    JsonNode cServer = awaitSpan("trace-c", "call c::fn");

    assertEquals(3, aClient.path("kind").asInt(), "A's span is CLIENT");
    assertEquals(2, bServer.path("kind").asInt(), "B's span is SERVER");
    assertEquals(2, cServer.path("kind").asInt(), "C's span is SERVER");
    String traceId = aClient.path("traceId").asText();
    assertEquals(32, traceId.length());
    for (JsonNode s : new JsonNode[] {bServer, bClient, cServer}) {
      assertEquals(traceId, s.path("traceId").asText(), "one trace: " + s);
    }
    // The test engine forwards the caller's traceparent unchanged, so each SERVER span's parent is the CLIENT span.
    assertEquals(aClient.path("spanId").asText(), bServer.path("parentSpanId").asText());
    assertEquals(bServer.path("spanId").asText(), bClient.path("parentSpanId").asText());
    assertEquals(bClient.path("spanId").asText(), cServer.path("parentSpanId").asText());
    assertEquals(1, bServer.at("/status/code").asInt(), "OK status");
    assertEquals(1, aClient.at("/status/code").asInt(), "OK status");
  }

  private static JsonNode spanOfKind(String service, String name, int kind) {
    awaitCondition(WAIT, () -> OtlpFrames.spans(engine, service).stream()
        .anyMatch(s -> s.path("name").asText().equals(name) && s.path("kind").asInt() == kind),
        service + " span " + name + " of kind " + kind);
    return OtlpFrames.spans(engine, service).stream()
        .filter(s -> s.path("name").asText().equals(name) && s.path("kind").asInt() == kind)
        .findFirst().orElseThrow();
  }

  @Test
  void failingHandlerRecordsTheExceptionAndAnErrorStatus() {
    III caller = worker("fail-caller");
    III callee = worker("fail-callee");
    try {
      callee.registerFunction(FunctionDef.json("fail::fn", (in, ctx) -> {
        throw new IllegalStateException("no stock");
      }));
      await(callee.awaitRegistrations());
      InvocationException e = assertThrows(InvocationException.class, () -> caller.call("fail::fn", Map.of()));
      assertEquals("no stock", e.errorMessage());
    } finally {
      callee.shutdown();
      caller.shutdown();
    }
    JsonNode server = awaitSpan("fail-callee", "call fail::fn");
    assertEquals(2, server.at("/status/code").asInt(), "ERROR status on the SERVER span");
    assertEquals("no stock", server.at("/status/message").asText());
    assertTrue(OtlpFrames.hasEvent(server, "exception"), "exception recorded: " + server);
    JsonNode client = awaitSpan("fail-caller", "call fail::fn");
    assertEquals(2, client.at("/status/code").asInt(), "ERROR status on the CLIENT span");
    assertEquals(client.path("spanId").asText(), server.path("parentSpanId").asText());
  }

  @Test
  void workerRegistrationCarriesATraceContextAndFireAndForgetIsTraced() {
    III w = worker("meta-worker");
    III callee = worker("meta-callee");
    try {
      java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
      callee.registerFunction(FunctionDef.json("meta::void", (in, ctx) -> {
        seen.complete(String.valueOf(ctx.traceparent()));
        return null;
      }));
      await(callee.awaitRegistrations());
      w.fireAndForget("meta::void", Map.of());
      String traceparent = await(seen);
      assertNotEquals("null", traceparent, "fire-and-forget carries a traceparent");
    } finally {
      callee.shutdown();
      w.shutdown();
    }
    JsonNode register = awaitSpan("meta-worker", "call engine::workers::register");
    assertEquals(3, register.path("kind").asInt());
    JsonNode voidClient = awaitSpan("meta-worker", "call meta::void");
    JsonNode voidServer = awaitSpan("meta-callee", "call meta::void");
    assertNotNull(voidServer);
    assertEquals(voidClient.path("spanId").asText(), voidServer.path("parentSpanId").asText());
  }
}
