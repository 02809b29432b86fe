package dev.iii.sdk.internal.telemetry;

import static dev.iii.sdk.internal.telemetry.Await.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.WorkerLogger;
import dev.iii.testkit.TelemetryFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.UpgradeRequest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The telemetry pipeline end to end against the test engine's {@code /otel} socket. */
class TelemetryEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";

  private static ActorSystem<Void> system;
  private static TestEngine engine;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "telemetry-engine-test");
    engine = TestEngine.start();
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Telemetry create(OtelConfig cfg, Map<String, String> env) {
    // A query on the worker address must not reach the /otel URL.
    return Telemetry.create(cfg, engine.url() + "/?token=abc", () -> Map.of("x-worker-token", "t-1"),
        env::get, system);
  }

  /** The frames of one kind whose resource carries {@code service.name = service}. */
  private static List<JsonNode> frames(String kind, String service) {
    List<JsonNode> out = new ArrayList<>();
    for (TelemetryFrame f : engine.telemetry()) {
      if (f.kind().equals(kind) && service.equals(serviceName(f.body()))) {
        out.add(f.body());
      }
    }
    return out;
  }

  private static String serviceName(JsonNode body) {
    for (JsonNode resource : body.elements().next()) {
      for (JsonNode a : resource.at("/resource/attributes")) {
        if (a.get("key").asText().equals("service.name")) {
          return a.at("/value/stringValue").asText();
        }
      }
    }
    return null;
  }

  /** Every record under {@code resourceX[].scopeX[].<items>[]}. */
  private static List<JsonNode> items(List<JsonNode> docs, String scopeKey, String itemsKey) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode doc : docs) {
      for (JsonNode resource : doc.elements().next()) {
        for (JsonNode scope : resource.get(scopeKey)) {
          scope.get(itemsKey).forEach(out::add);
        }
      }
    }
    return out;
  }

  private static JsonNode spanNamed(String service, String name) {
    return items(frames("OTLP", service), "scopeSpans", "spans").stream()
        .filter(s -> s.get("name").asText().equals(name)).findFirst().orElse(null);
  }

  /** The worker.id values of heap_used points in one MTRC document. */
  private static List<String> heapUsedWorkerIds(JsonNode doc) {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : items(List.of(doc), "scopeMetrics", "metrics")) {
      if (m.get("name").asText().equals("iii.worker.memory.heap_used")) {
        for (JsonNode p : m.at("/gauge/dataPoints")) {
          assertTrue(p.get("asInt").asLong() > 0, "heap used is positive");
          for (JsonNode a : p.get("attributes")) {
            if (a.get("key").asText().equals("worker.id")) {
              ids.add(a.at("/value/stringValue").asText());
            }
          }
        }
      }
    }
    return ids;
  }

  @Test
  void spansLogsAndMetricsArriveOnOtelWithTheUpgradeHeaders() throws Exception {
    String service = "svc-all";
    OtelConfig cfg = OtelConfig.newBuilder().serviceName(service)
        .metricsExportInterval(Duration.ofMillis(200)).build();
    Telemetry t = create(cfg, Map.of());
    try {
      assertTrue(t.enabled());
      t.onWorkerId("w-1");
      WorkerLogger logger = t.logger("orders");

      Span server = t.startServerSpan("orders::create", t.extract(TRACEPARENT, "tenant=acme"));
      try (Scope ignored = server.makeCurrent()) {
        logger.info("inside", Map.of("order_id", "o-42", "items", List.of(1, 2)));
      }
      Telemetry.end(server, null);
      Span failing = t.startServerSpan("orders::fail", Context.root());
      Telemetry.end(failing, new IllegalArgumentException("bad order"));
      t.flush().toCompletableFuture().get(10, TimeUnit.SECONDS);

      awaitCondition(WAIT, () -> spanNamed(service, "call orders::fail") != null
          && spanNamed(service, "call orders::create") != null, "both spans on /otel");
      JsonNode ok = spanNamed(service, "call orders::create");
      assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", ok.get("traceId").asText());
      assertEquals("b7ad6b7169203331", ok.get("parentSpanId").asText());
      assertEquals(2, ok.get("kind").asInt());
      assertEquals(1, ok.at("/status/code").asInt());
      JsonNode bad = spanNamed(service, "call orders::fail");
      assertEquals(2, bad.at("/status/code").asInt());
      assertEquals("bad order", bad.at("/status/message").asText());
      assertEquals("exception", bad.at("/events/0/name").asText());

      awaitCondition(WAIT, () -> !items(frames("LOGS", service), "scopeLogs", "logRecords").isEmpty(),
          "a LOGS frame");
      JsonNode log = items(frames("LOGS", service), "scopeLogs", "logRecords").get(0);
      assertEquals("inside", log.at("/body/stringValue").asText());
      assertEquals(9, log.get("severityNumber").asInt());
      assertEquals(ok.get("traceId").asText(), log.get("traceId").asText(), "log carries the span's trace id");
      assertEquals(ok.get("spanId").asText(), log.get("spanId").asText(), "log carries the span's span id");
      JsonNode data = log.at("/attributes/0");
      assertEquals("log.data", data.get("key").asText());
      assertTrue(data.at("/value/kvlistValue/values").isArray());

      awaitCondition(WAIT, () -> frames("MTRC", service).stream()
          .filter(d -> heapUsedWorkerIds(d).contains("w-1")).count() >= 3, "three MTRC frames for w-1");

      java.util.Set<String> names = new java.util.TreeSet<>();
      items(frames("MTRC", service), "scopeMetrics", "metrics").forEach(m -> names.add(m.get("name").asText()));
      assertTrue(names.containsAll(List.of("iii.worker.memory.heap_used", "iii.worker.memory.heap_total",
          "iii.worker.uptime_seconds")), names.toString());
      if (WorkerGauges.readRss().isPresent()) {
        assertTrue(names.contains("iii.worker.memory.rss"), names.toString());
      }
      for (JsonNode doc : frames("MTRC", service)) {
        for (JsonNode scope : doc.at("/resourceMetrics/0/scopeMetrics")) {
          assertEquals("iii-java-sdk", scope.at("/scope/name").asText(), "no SDK self-telemetry is sent");
        }
      }
      JsonNode resource = frames("MTRC", service).get(0).at("/resourceMetrics/0/resource/attributes");
      java.util.Set<String> keys = new java.util.TreeSet<>();
      resource.forEach(a -> keys.add(a.get("key").asText()));
      assertTrue(keys.containsAll(List.of("service.name", "service.version", "service.instance.id")),
          keys.toString());

      t.onWorkerId("w-2");
      awaitCondition(WAIT, () -> frames("MTRC", service).stream()
          .filter(d -> heapUsedWorkerIds(d).equals(List.of("w-2"))).count() >= 2,
          "MTRC frames re-attributed to w-2");
      List<JsonNode> all = frames("MTRC", service);
      assertEquals(List.of("w-2"), heapUsedWorkerIds(all.get(all.size() - 1)), "the old id is gone");

      for (TelemetryFrame f : engine.telemetry()) {
        if (service.equals(serviceName(f.body()))) {
          assertEquals("/otel", f.path(), "telemetry travels on /otel only");
        }
      }
      UpgradeRequest upgrade = engine.upgradeRequests().stream()
          .filter(u -> u.path().equals("/otel") && "t-1".equals(u.headers().get("x-worker-token")))
          .findFirst().orElse(null);
      assertNotNull(upgrade, "the /otel upgrade carries the control connection's headers: "
          + engine.upgradeRequests());
      assertTrue(engine.workers().isEmpty(), "an /otel socket is never a worker");
      assertEquals(0, t.droppedFrames());
    } finally {
      t.close();
    }
  }

  @Test
  void disabledByEnvironmentSendsNothingAndLogsThroughSlf4j() throws Exception {
    long otelUpgradesBefore = engine.upgradeRequests().stream().filter(u -> u.path().equals("/otel")).count();
    Logger target = (Logger) LoggerFactory.getLogger("iii.test.worker");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    target.addAppender(appender);
    target.setLevel(Level.DEBUG);
    Telemetry t = create(OtelConfig.newBuilder().serviceName("svc-off").build(), Map.of("OTEL_ENABLED", "false"));
    try {
      assertFalse(t.enabled());
      t.onWorkerId("w-off");
      t.logger("iii.test.worker").warn("careful", Map.of("a", 1));
      t.logger("iii.test.worker").info("plain");
      Span span = t.startServerSpan("f", t.extract(TRACEPARENT, null));
      Telemetry.end(span, null);
      t.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);

      assertEquals(2, appender.list.size());
      ILoggingEvent warn = appender.list.get(0);
      assertEquals(Level.WARN, warn.getLevel());
      assertEquals("careful {\"a\":1}", warn.getFormattedMessage());
      assertEquals("log.data", warn.getKeyValuePairs().get(0).key);
      assertEquals("plain", appender.list.get(1).getFormattedMessage());
      assertTrue(frames("OTLP", "svc-off").isEmpty() && frames("LOGS", "svc-off").isEmpty()
          && frames("MTRC", "svc-off").isEmpty());
      assertEquals(otelUpgradesBefore,
          engine.upgradeRequests().stream().filter(u -> u.path().equals("/otel")).count(),
          "no /otel socket is opened");
      assertEquals(0, t.droppedFrames());
    } finally {
      t.close();
      target.detachAppender(appender);
    }
  }

  @Test
  void whileDisconnectedTheBufferKeepsTheNewestThousandFrames() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    OtelConfig cfg = OtelConfig.newBuilder().serviceName("svc-dead").metricsEnabled(false)
        .engineWsUrl("ws://127.0.0.1:" + deadPort + "/otel")
        .reconnection(ReconnectionConfig.newBuilder().initialDelay(Duration.ofSeconds(30)).build())
        .logsBatchSize(1)
        .build();
    Telemetry t = create(cfg, Map.of());
    try {
      WorkerLogger logger = t.logger("flood");
      for (int i = 0; i < 1100; i++) {
        logger.info("line " + i);
      }
      t.flush().toCompletableFuture().get(10, TimeUnit.SECONDS);
      awaitCondition(WAIT, () -> t.droppedFrames() + t.bufferedFrames() == 1100, "1100 frames produced");
      assertFalse(t.socketConnected());
      assertEquals(1000, t.bufferedFrames());
      assertEquals(100, t.droppedFrames(), "the oldest 100 were dropped and counted");
    } finally {
      t.close();
    }
  }

  @Test
  void nothingIsRegisteredGlobally() throws Exception {
    boolean before = GlobalOpenTelemetry.isSet();
    Telemetry t = create(OtelConfig.newBuilder().serviceName("svc-global")
        .metricsExportInterval(Duration.ofMillis(100)).build(), Map.of());
    try {
      t.onWorkerId("w-g");
      t.logger("g").info("hello");
      Telemetry.end(t.startClientSpan("x::y", Context.root()), null);
      t.flush().toCompletableFuture().get(10, TimeUnit.SECONDS);
      awaitCondition(WAIT, () -> !frames("MTRC", "svc-global").isEmpty(), "a metric frame");
    } finally {
      t.close();
    }
    assertEquals(before, GlobalOpenTelemetry.isSet(), "GlobalOpenTelemetry untouched");
    Span global = GlobalOpenTelemetry.getOrNoop().getTracer("probe").spanBuilder("probe").startSpan();
    assertFalse(global.getSpanContext().isValid(), "the global tracer is still the no-op one");
    assertTrue(StreamSupport.stream(engine.telemetry().spliterator(), false)
        .anyMatch(f -> "svc-global".equals(serviceName(f.body()))));
  }
}
