package dev.iii.sdk.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the OTLP/JSON frames (PROTOCOL §9.1), with data produced by the real OpenTelemetry SDK under a fixed
 * clock and id generator, passed through our exporters, and compared with hand-written JSON.
 */
class OtlpJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "b7ad6b7169203331";
  private static final long T0 = 1712345678000000000L;
  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "billing-worker"));

  private final List<byte[]> frames = new CopyOnWriteArrayList<>();
  private final FixedClock clock = new FixedClock(T0);

  @Test
  void spanFrameMatchesTheProtocolShape() throws Exception {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(RESOURCE)
        .setClock(clock)
        .setIdGenerator(new FixedIds("00f067aa0ba902b7"))
        .setMeterProvider(MeterProvider::noop)
        .addSpanProcessor(SimpleSpanProcessor.builder(new FrameExporters.Spans(frames::add))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    Tracer tracer = provider.tracerBuilder("iii-java-sdk").setInstrumentationVersion("0.1.0").build();
    Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
        TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault())));

    Span span = tracer.spanBuilder("call orders::create")
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(T0, TimeUnit.NANOSECONDS)
        .setAttribute("s", "text") // span attributes keep insertion order
        .setAttribute("b", true)
        .setAttribute("i", 42L)
        .setAttribute("d", 2.5)
        .setAttribute(AttributeKey.stringArrayKey("sa"), List.of("x", "y"))
        .setAttribute(AttributeKey.longArrayKey("ia"), List.of(1L, 2L))
        .setAttribute(AttributeKey.booleanArrayKey("ba"), List.of(true, false))
        .setAttribute(AttributeKey.doubleArrayKey("da"), List.of(0.5))
        .startSpan();
    span.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), T0 + 5_000_000L,
        TimeUnit.NANOSECONDS);
    span.setStatus(StatusCode.OK);
    span.end(T0 + 15_000_000L, TimeUnit.NANOSECONDS);

    JsonNode actual = onlyFrame("OTLP");
    JsonNode expected = JSON.readTree("""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"billing-worker"}}]},
          "scopeSpans":[{"scope":{"name":"iii-java-sdk","version":"0.1.0"},
            "spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",
              "parentSpanId":"b7ad6b7169203331","name":"call orders::create","kind":2,
              "startTimeUnixNano":"1712345678000000000","endTimeUnixNano":"1712345678015000000",
              "attributes":[
                {"key":"s","value":{"stringValue":"text"}},
                {"key":"b","value":{"boolValue":true}},
                {"key":"i","value":{"intValue":"42"}},
                {"key":"d","value":{"doubleValue":2.5}},
                {"key":"sa","value":{"arrayValue":{"values":[{"stringValue":"x"},{"stringValue":"y"}]}}},
                {"key":"ia","value":{"arrayValue":{"values":[{"intValue":"1"},{"intValue":"2"}]}}},
                {"key":"ba","value":{"arrayValue":{"values":[{"boolValue":true},{"boolValue":false}]}}},
                {"key":"da","value":{"arrayValue":{"values":[{"doubleValue":0.5}]}}}],
              "events":[{"timeUnixNano":"1712345678005000000","name":"retry",
                         "attributes":[{"key":"attempt","value":{"intValue":"2"}}]}],
              "links":[],"status":{"code":1,"message":""}}]}]}]}
        """);
    assertEquals(expected, actual);
  }

  @Test
  void rootClientSpanHasNoParentAndFailureIsStatusTwoWithAnExceptionEvent() throws Exception {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(RESOURCE)
        .setClock(clock)
        .setIdGenerator(new FixedIds("0000000000000001"))
        .setMeterProvider(MeterProvider::noop)
        .addSpanProcessor(SimpleSpanProcessor.builder(new FrameExporters.Spans(frames::add))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    Span span = provider.get("iii-java-sdk").spanBuilder("call billing::charge")
        .setSpanKind(SpanKind.CLIENT).startSpan();
    Telemetry.end(span, new IllegalStateException("card declined"));

    JsonNode s = onlyFrame("OTLP").at("/resourceSpans/0/scopeSpans/0/spans/0");
    assertEquals("0123456789abcdef0123456789abcdef", s.get("traceId").asText());
    assertEquals("0000000000000001", s.get("spanId").asText());
    assertFalse(s.has("parentSpanId"), "a root span has no parentSpanId");
    assertEquals(3, s.get("kind").asInt());
    assertEquals(JSON.readTree("{\"code\":2,\"message\":\"card declined\"}"), s.get("status"));
    JsonNode event = s.at("/events/0");
    assertEquals("exception", event.get("name").asText());
    Map<String, JsonNode> attrs = byKey(event.get("attributes"));
    assertEquals("java.lang.IllegalStateException", attrs.get("exception.type").at("/stringValue").asText());
    assertEquals("card declined", attrs.get("exception.message").at("/stringValue").asText());
    assertTrue(attrs.get("exception.stacktrace").at("/stringValue").asText().contains("card declined"));
  }

  @Test
  void logFrameCarriesSeverityBodyDataAndTheCurrentSpanIds() throws Exception {
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .setResource(RESOURCE)
        .setClock(clock)
        .setMeterProvider(MeterProvider::noop)
        .addLogRecordProcessor(SimpleLogRecordProcessor.builder(new FrameExporters.Logs(frames::add))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    OtelWorkerLogger logger = new OtelWorkerLogger(provider.get("iii-java-sdk"), clock);
    SpanContext ctx = SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
        TraceState.getDefault());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("order_id", "o-42");
    data.put("count", 3);
    data.put("price", 9.5);
    data.put("paid", true);
    data.put("tags", List.of("a", "b"));
    data.put("customer", Map.of("id", 7));
    data.put("note", null);
    try (Scope ignored = Span.wrap(ctx).makeCurrent()) {
      logger.info("Order processed", data);
    }

    JsonNode expected = JSON.readTree("""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"billing-worker"}}]},
          "scopeLogs":[{"scope":{"name":"iii-java-sdk"},
            "logRecords":[{"timeUnixNano":"1712345678000000000","observedTimeUnixNano":"1712345678000000000",
              "severityNumber":9,"severityText":"INFO","body":{"stringValue":"Order processed"},
              "attributes":[{"key":"log.data","value":{"kvlistValue":{"values":[
                {"key":"order_id","value":{"stringValue":"o-42"}},
                {"key":"count","value":{"intValue":"3"}},
                {"key":"price","value":{"doubleValue":9.5}},
                {"key":"paid","value":{"boolValue":true}},
                {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}}},
                {"key":"customer","value":{"kvlistValue":{"values":[{"key":"id","value":{"intValue":"7"}}]}}},
                {"key":"note","value":{}}]}}}],
              "flags":1,"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}]}]}]}
        """);
    assertEquals(expected, onlyFrame("LOGS"));
  }

  @Test
  void severityNumbersFollowTheSeed() throws Exception {
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .setResource(RESOURCE)
        .setClock(clock)
        .setMeterProvider(MeterProvider::noop)
        .addLogRecordProcessor(SimpleLogRecordProcessor.builder(new FrameExporters.Logs(frames::add))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    OtelWorkerLogger logger = new OtelWorkerLogger(provider.get("x"), clock);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e", "plain string data");

    List<String> seen = new ArrayList<>();
    for (byte[] f : frames) {
      JsonNode r = parse(f, "LOGS").at("/resourceLogs/0/scopeLogs/0/logRecords/0");
      seen.add(r.get("severityNumber").asInt() + " " + r.get("severityText").asText() + " "
          + r.at("/body/stringValue").asText());
      assertFalse(r.has("traceId"), "no span is active, so no trace id");
    }
    assertEquals(List.of("5 DEBUG d", "9 INFO i", "13 WARN w", "17 ERROR e"), seen);
    JsonNode last = parse(frames.get(3), "LOGS").at("/resourceLogs/0/scopeLogs/0/logRecords/0/attributes");
    assertEquals(JSON.readTree("[{\"key\":\"log.data\",\"value\":{\"stringValue\":\"plain string data\"}}]"), last);
  }

  @Test
  void metricFrameEncodesGaugesSumsAndHistograms() throws Exception {
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(RESOURCE)
        .setClock(clock)
        .registerMetricReader(PeriodicMetricReader.builder(new FrameExporters.Metrics(frames::add))
            .setInterval(Duration.ofHours(1))
            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY) // no self-metrics in the document
            .build())
        .build();
    var meter = provider.get("iii-java-sdk");
    Attributes worker = Attributes.of(AttributeKey.stringKey("worker.id"), "w-1");
    meter.gaugeBuilder("iii.worker.memory.heap_used").ofLongs().setUnit("By").setDescription("heap")
        .buildWithCallback(m -> m.record(1024, worker));
    meter.gaugeBuilder("iii.worker.cpu.percent").setUnit("%").buildWithCallback(m -> m.record(12.5, worker));
    var counter = meter.counterBuilder("calls").build();
    counter.add(3);
    counter.add(4);
    var upDown = meter.upDownCounterBuilder("queue").ofDoubles().build();
    upDown.add(-1.5);
    var histogram = meter.histogramBuilder("latency").setUnit("ms")
        .setExplicitBucketBoundariesAdvice(List.of(1.0, 10.0)).build();
    histogram.record(0.5);
    histogram.record(5);
    histogram.record(50);
    clock.set(T0 + 1_000_000_000L);
    provider.forceFlush().join(5, TimeUnit.SECONDS);

    JsonNode doc = onlyFrame("MTRC");
    assertEquals(RESOURCE_JSON, doc.at("/resourceMetrics/0/resource").toString());
    assertEquals(1, doc.at("/resourceMetrics/0/scopeMetrics").size());
    assertEquals("{\"name\":\"iii-java-sdk\"}", doc.at("/resourceMetrics/0/scopeMetrics/0/scope").toString());
    Map<String, JsonNode> metrics = new LinkedHashMap<>();
    doc.at("/resourceMetrics/0/scopeMetrics/0/metrics").forEach(m -> metrics.put(m.get("name").asText(), m));
    assertEquals(5, metrics.size(), metrics.keySet().toString());

    String times = "\"startTimeUnixNano\":\"1712345678000000000\",\"timeUnixNano\":\"1712345679000000000\"";
    String workerAttr = "[{\"key\":\"worker.id\",\"value\":{\"stringValue\":\"w-1\"}}]";
    assertEquals(JSON.readTree("{\"name\":\"iii.worker.memory.heap_used\",\"description\":\"heap\",\"unit\":\"By\","
        + "\"gauge\":{\"dataPoints\":[{\"attributes\":" + workerAttr + "," + times + ",\"asInt\":\"1024\"}]}}"),
        metrics.get("iii.worker.memory.heap_used"));
    assertEquals(JSON.readTree("{\"name\":\"iii.worker.cpu.percent\",\"description\":\"\",\"unit\":\"%\","
        + "\"gauge\":{\"dataPoints\":[{\"attributes\":" + workerAttr + "," + times + ",\"asDouble\":12.5}]}}"),
        metrics.get("iii.worker.cpu.percent"));
    assertEquals(JSON.readTree("{\"name\":\"calls\",\"description\":\"\",\"unit\":\"\","
        + "\"sum\":{\"dataPoints\":[{\"attributes\":[]," + times + ",\"asInt\":\"7\"}],"
        + "\"aggregationTemporality\":2,\"isMonotonic\":true}}"), metrics.get("calls"));
    assertEquals(JSON.readTree("{\"name\":\"queue\",\"description\":\"\",\"unit\":\"\","
        + "\"sum\":{\"dataPoints\":[{\"attributes\":[]," + times + ",\"asDouble\":-1.5}],"
        + "\"aggregationTemporality\":2,\"isMonotonic\":false}}"), metrics.get("queue"));
    assertEquals(JSON.readTree("{\"name\":\"latency\",\"description\":\"\",\"unit\":\"ms\","
        + "\"histogram\":{\"dataPoints\":[{\"attributes\":[]," + times + ",\"count\":\"3\",\"sum\":55.5,"
        + "\"bucketCounts\":[\"1\",\"1\",\"1\"],\"explicitBounds\":[1.0,10.0],\"min\":0.5,\"max\":50.0}],"
        + "\"aggregationTemporality\":2}}"), metrics.get("latency"));
  }

  @Test
  void structuredValuesNonFiniteDoublesAndBytes() throws Exception {
    JsonNode arr = OtlpJson.anyValue(Value.of(Value.of("a"), Value.of(1L), Value.of(Double.NaN),
        Value.of(Double.NEGATIVE_INFINITY), Value.of(new byte[] {1, 2, 3}), Value.empty()));
    assertEquals(JSON.readTree("{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":\"1\"},"
        + "{\"doubleValue\":\"NaN\"},{\"doubleValue\":\"-Infinity\"},{\"bytesValue\":\"AQID\"},{}]}}"), arr);
    record Item(String sku, int qty) {}
    JsonNode fromRecord = OtlpJson.anyValue(LogValues.of(List.of(new Item("s-1", 2))));
    assertEquals(JSON.readTree("{\"arrayValue\":{\"values\":[{\"kvlistValue\":{\"values\":["
        + "{\"key\":\"sku\",\"value\":{\"stringValue\":\"s-1\"}},{\"key\":\"qty\",\"value\":{\"intValue\":\"2\"}}]}}]}}"),
        fromRecord);
    Map<String, Object> cyclic = new LinkedHashMap<>();
    cyclic.put("self", cyclic);
    String encoded = OtlpJson.anyValue(LogValues.of(cyclic)).toString();
    assertTrue(encoded.contains("nested deeper than"), encoded);
  }

  private static final String RESOURCE_JSON =
      "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"billing-worker\"}}]}";

  private JsonNode onlyFrame(String prefix) throws Exception {
    assertEquals(1, frames.size(), "frames: " + frames.size());
    return parse(frames.get(0), prefix);
  }

  private static JsonNode parse(byte[] frame, String prefix) throws Exception {
    assertEquals(prefix, new String(frame, 0, 4, StandardCharsets.US_ASCII));
    return JSON.readTree(Arrays.copyOfRange(frame, 4, frame.length));
  }

  private static Map<String, JsonNode> byKey(JsonNode attributes) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    attributes.forEach(a -> out.put(a.get("key").asText(), a.get("value")));
    return out;
  }

  /** A clock tests move by hand. */
  static final class FixedClock implements Clock {
    private volatile long now;

    FixedClock(long now) {
      this.now = now;
    }

    void set(long now) {
      this.now = now;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public long nanoTime() {
      return now;
    }
  }

  /** Fixed ids: one trace id and a given span id. */
  record FixedIds(String spanId) implements IdGenerator {
    @Override
    public String generateSpanId() {
      return spanId;
    }

    @Override
    public String generateTraceId() {
      return "0123456789abcdef0123456789abcdef";
    }
  }
}
