package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A logger call inside a handler arrives on {@code /otel} as a log record with that handler's trace and span ids
 * (PROTOCOL §9.4): sync handlers, async handlers after a hop onto another executor, and Behavior handlers.
 */
class WorkerLoggerCorrelationTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String SERVICE = "logger-worker";

  static TestEngine engine;
  static ExecutorService elsewhere;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
    // A plain executor: OpenTelemetry's context does not follow tasks onto it.
    elsewhere = Executors.newSingleThreadExecutor(r -> new Thread(r, "not-a-handler-thread"));
  }

  @AfterAll
  static void stop() {
    if (elsewhere != null) elsewhere.shutdownNow();
    if (engine != null) engine.close();
  }

  @Test
  void logRecordsCarryTheirHandlersTraceAndSpanIds() {
    III worker = III.registerWorker(
        engine.url(),
        InitOptions.newBuilder().otel(OtelConfig.newBuilder().serviceName(SERVICE).enabled(true).build()).build());
    III caller = III.registerWorker(
        engine.url(),
        InitOptions.newBuilder().otel(OtelConfig.newBuilder().serviceName("logger-caller").build()).build());
    try {
      worker.registerFunction(FunctionDef.json("log::sync", (in, ctx) -> {
        ctx.logger().info("sync via ctx", Map.of("order_id", "o-42"));
        ctx.iii().logger().warn("sync via iii");
        return Map.of("ok", true);
      }));
      worker.registerFunction(FunctionDef.async("log::async", JsonNode.class, JsonNode.class, (in, ctx) ->
          CompletableFuture.supplyAsync(() -> Span.current().getSpanContext().isValid(), elsewhere)
              .thenCompose(spanOnOtherThread -> {
                ctx.logger().info("async after hop", Map.of("span_on_other_thread", spanOnOtherThread));
                return CompletableFuture.completedFuture(
                    (JsonNode) com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("spanOnOtherThread", spanOnOtherThread));
              })));
      worker.registerFunction(FunctionDef.actor("log::actor", JsonNode.class, Behaviors.receiveMessage(inv -> {
        inv.context().iii().logger().error("from behavior");
        inv.reply(Map.of("ok", true));
        return Behaviors.same();
      })));
      await(worker.awaitRegistrations());

      caller.call("log::sync", Map.of());
      JsonNode async = caller.call("log::async", Map.of());
      assertFalse(async.path("spanOnOtherThread").asBoolean(),
          "precondition: the other executor really has no current span");
      caller.call("log::actor", Map.of());
    } finally {
      worker.shutdown(); // flushes the spans (batched) and any log still queued
      caller.shutdown();
    }

    assertCorrelated("log::sync", "sync via ctx", 9);
    assertCorrelated("log::sync", "sync via iii", 13);
    assertCorrelated("log::async", "async after hop", 9);
    assertCorrelated("log::actor", "from behavior", 17);

    JsonNode data = OtlpFrames.log(engine, SERVICE, "sync via ctx").orElseThrow()
        .path("attributes").get(0);
    assertEquals("log.data", data.path("key").asText());
    assertEquals("o-42", data.at("/value/kvlistValue/values/0/value/stringValue").asText());
  }

  private static void assertCorrelated(String functionId, String body, int severity) {
    awaitCondition(WAIT, () -> OtlpFrames.log(engine, SERVICE, body).isPresent()
        && OtlpFrames.span(engine, SERVICE, "call " + functionId).isPresent(), "log '" + body + "' and its span");
    JsonNode record = OtlpFrames.log(engine, SERVICE, body).orElseThrow();
    JsonNode span = OtlpFrames.span(engine, SERVICE, "call " + functionId).orElseThrow();
    assertEquals(2, span.path("kind").asInt(), "a SERVER span");
    assertEquals(severity, record.path("severityNumber").asInt());
    assertEquals(span.path("traceId").asText(), record.path("traceId").asText(), body + ": trace id");
    assertEquals(span.path("spanId").asText(), record.path("spanId").asText(), body + ": span id");
  }
}
