package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
import dev.iii.testkit.TestEngine;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code OTEL_ENABLED=false} (through the injectable environment): nothing reaches {@code /otel}, no socket is
 * opened there, and the logger writes through SLF4J.
 */
class TelemetryOffTest {
  static TestEngine engine;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  @Test
  void noOtelFramesAndTheLoggerWritesThroughSlf4j() {
    Map<String, String> env = Map.of("OTEL_ENABLED", "false");
    Logger slf4j = (Logger) LoggerFactory.getLogger("iii.logger");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    slf4j.addAppender(appender);
    III worker = WorkerRuntime.registerBlocking(null, engine.url(), InitOptions.getDefaultInstance(), env::get);
    III caller = WorkerRuntime.registerBlocking(null, engine.url(), InitOptions.getDefaultInstance(), env::get);
    try {
      worker.registerFunction(FunctionDef.json("off::fn", (in, ctx) -> {
        ctx.logger().info("handled", Map.of("order_id", "o-7"));
        return Map.of(
            "spanValid", Span.current().getSpanContext().isValid(),
            "traceparent", String.valueOf(ctx.traceparent()));
      }));
      await(worker.awaitRegistrations());
      caller.logger().warn("before the call");
      JsonNode result = caller.call("off::fn", Map.of());
      assertEquals(false, result.path("spanValid").asBoolean(), "no span is created with telemetry off");
      assertEquals("null", result.path("traceparent").asText(), "no trace context is invented");
    } finally {
      caller.shutdown();
      worker.shutdown();
      slf4j.detachAppender(appender);
    }

    assertTrue(engine.telemetry().isEmpty(), "no telemetry frame: " + engine.telemetry());
    assertTrue(engine.upgradeRequests().stream().noneMatch(u -> u.path().equals("/otel")),
        "no /otel socket was opened: " + engine.upgradeRequests());
    List<String> messages = appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    assertTrue(messages.contains("before the call"), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("handled") && m.contains("o-7")), messages.toString());
  }
}
