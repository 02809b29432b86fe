package dev.iii.sdk.internal.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SummaryPointData;
import io.opentelemetry.sdk.metrics.data.ValueAtQuantile;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The OTLP/JSON encoding the engine ingests (PROTOCOL §9.1), written by hand because the protobuf-JSON mapping differs
 * and the OpenTelemetry exporter marshalers are internal API: trace and span ids as lowercase hex, enums as numbers,
 * 64-bit integers ({@code *TimeUnixNano}, {@code intValue}, {@code asInt}, counts) as decimal strings, doubles as JSON
 * numbers ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} as strings), bytes as base64. Records are grouped
 * by resource, then by instrumentation scope, in first-seen order.
 */
public final class OtlpJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OtlpJson() {}

  /** {@code ExportTraceServiceRequest}: {@code {"resourceSpans":[…]}}. */
  public static ObjectNode spans(Collection<SpanData> spans) {
    return request("resourceSpans", "scopeSpans", "spans", spans, SpanData::getResource,
        SpanData::getInstrumentationScopeInfo, OtlpJson::span);
  }

  /** {@code ExportLogsServiceRequest}: {@code {"resourceLogs":[…]}}. */
  public static ObjectNode logs(Collection<LogRecordData> logs) {
    return request("resourceLogs", "scopeLogs", "logRecords", logs, LogRecordData::getResource,
        LogRecordData::getInstrumentationScopeInfo, OtlpJson::logRecord);
  }

  /** {@code ExportMetricsServiceRequest}: {@code {"resourceMetrics":[…]}}. */
  public static ObjectNode metrics(Collection<MetricData> metrics) {
    return request("resourceMetrics", "scopeMetrics", "metrics", metrics, MetricData::getResource,
        MetricData::getInstrumentationScopeInfo, OtlpJson::metric);
  }

  /** The compact UTF-8 bytes of a document. */
  public static byte[] toBytes(ObjectNode document) {
    try {
      return MAPPER.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this would be a bug in this class.
      throw new IllegalStateException("cannot serialise OTLP JSON", e);
    }
  }

  private static <T> ObjectNode request(
      String resourceKey,
      String scopeKey,
      String itemsKey,
      Collection<T> items,
      Function<T, Resource> resourceOf,
      Function<T, InstrumentationScopeInfo> scopeOf,
      Function<T, ObjectNode> encode) {
    Map<Resource, Map<InstrumentationScopeInfo, List<T>>> grouped = new LinkedHashMap<>();
    for (T item : items) {
      grouped
          .computeIfAbsent(resourceOf.apply(item), r -> new LinkedHashMap<>())
          .computeIfAbsent(scopeOf.apply(item), s -> new ArrayList<>())
          .add(item);
    }
    ObjectNode root = F.objectNode();
    ArrayNode resources = root.putArray(resourceKey);
    for (Map.Entry<Resource, Map<InstrumentationScopeInfo, List<T>>> r : grouped.entrySet()) {
      ObjectNode rNode = resources.addObject();
      rNode.putObject("resource").set("attributes", attributes(r.getKey().getAttributes()));
      ArrayNode scopes = rNode.putArray(scopeKey);
      for (Map.Entry<InstrumentationScopeInfo, List<T>> s : r.getValue().entrySet()) {
        ObjectNode sNode = scopes.addObject();
        sNode.set("scope", scope(s.getKey()));
        ArrayNode list = sNode.putArray(itemsKey);
        s.getValue().forEach(item -> list.add(encode.apply(item)));
        if (s.getKey().getSchemaUrl() != null) {
          sNode.put("schemaUrl", s.getKey().getSchemaUrl());
        }
      }
      if (r.getKey().getSchemaUrl() != null) {
        rNode.put("schemaUrl", r.getKey().getSchemaUrl());
      }
    }
    return root;
  }

  private static ObjectNode scope(InstrumentationScopeInfo scope) {
    ObjectNode n = F.objectNode();
    n.put("name", scope.getName());
    if (scope.getVersion() != null) {
      n.put("version", scope.getVersion());
    }
    if (!scope.getAttributes().isEmpty()) {
      n.set("attributes", attributes(scope.getAttributes()));
    }
    return n;
  }

  // ---- spans ----

  private static ObjectNode span(SpanData s) {
    ObjectNode n = F.objectNode();
    n.put("traceId", s.getTraceId());
    n.put("spanId", s.getSpanId());
    String traceState = traceState(s.getSpanContext());
    if (!traceState.isEmpty()) {
      n.put("traceState", traceState);
    }
    // Roots carry no parentSpanId (the engine reads empty/absent as "root").
    if (s.getParentSpanContext().isValid()) {
      n.put("parentSpanId", s.getParentSpanId());
    }
    n.put("name", s.getName());
    n.put("kind", spanKind(s.getKind()));
    n.put("startTimeUnixNano", Long.toUnsignedString(s.getStartEpochNanos()));
    n.put("endTimeUnixNano", Long.toUnsignedString(s.getEndEpochNanos()));
    n.set("attributes", attributes(s.getAttributes()));
    putDropped(n, "droppedAttributesCount", s.getTotalAttributeCount() - s.getAttributes().size());
    ArrayNode events = n.putArray("events");
    for (EventData e : s.getEvents()) {
      ObjectNode en = events.addObject();
      en.put("timeUnixNano", Long.toUnsignedString(e.getEpochNanos()));
      en.put("name", e.getName());
      en.set("attributes", attributes(e.getAttributes()));
      putDropped(en, "droppedAttributesCount", e.getDroppedAttributesCount());
    }
    putDropped(n, "droppedEventsCount", s.getTotalRecordedEvents() - s.getEvents().size());
    ArrayNode links = n.putArray("links");
    for (LinkData l : s.getLinks()) {
      ObjectNode ln = links.addObject();
      ln.put("traceId", l.getSpanContext().getTraceId());
      ln.put("spanId", l.getSpanContext().getSpanId());
      String linkState = traceState(l.getSpanContext());
      if (!linkState.isEmpty()) {
        ln.put("traceState", linkState);
      }
      ln.set("attributes", attributes(l.getAttributes()));
      putDropped(ln, "droppedAttributesCount", l.getTotalAttributeCount() - l.getAttributes().size());
    }
    putDropped(n, "droppedLinksCount", s.getTotalRecordedLinks() - s.getLinks().size());
    ObjectNode status = n.putObject("status");
    status.put("code", statusCode(s.getStatus().getStatusCode()));
    status.put("message", s.getStatus().getDescription());
    return n;
  }

  static int spanKind(io.opentelemetry.api.trace.SpanKind kind) {
    return switch (kind) {
      case INTERNAL -> 1;
      case SERVER -> 2;
      case CLIENT -> 3;
      case PRODUCER -> 4;
      case CONSUMER -> 5;
    };
  }

  static int statusCode(io.opentelemetry.api.trace.StatusCode code) {
    return switch (code) {
      case UNSET -> 0;
      case OK -> 1;
      case ERROR -> 2;
    };
  }

  private static String traceState(SpanContext ctx) {
    StringBuilder sb = new StringBuilder();
    ctx.getTraceState().forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(k).append('=').append(v);
    });
    return sb.toString();
  }

  // ---- logs ----

  private static ObjectNode logRecord(LogRecordData r) {
    ObjectNode n = F.objectNode();
    n.put("timeUnixNano", Long.toUnsignedString(r.getTimestampEpochNanos()));
    n.put("observedTimeUnixNano", Long.toUnsignedString(r.getObservedTimestampEpochNanos()));
    n.put("severityNumber", r.getSeverity().getSeverityNumber());
    if (r.getSeverityText() != null) {
      n.put("severityText", r.getSeverityText());
    }
    Value<?> body = r.getBodyValue();
    if (body != null) {
      n.set("body", anyValue(body));
    }
    n.set("attributes", attributes(r.getAttributes()));
    putDropped(n, "droppedAttributesCount", r.getTotalAttributeCount() - r.getAttributes().size());
    if (r.getEventName() != null) {
      n.put("eventName", r.getEventName());
    }
    SpanContext ctx = r.getSpanContext();
    if (ctx.isValid()) {
      n.put("flags", ctx.getTraceFlags().asByte() & 0xff);
      n.put("traceId", ctx.getTraceId());
      n.put("spanId", ctx.getSpanId());
    }
    return n;
  }

  // ---- metrics ----

  private static ObjectNode metric(MetricData m) {
    ObjectNode n = F.objectNode();
    n.put("name", m.getName());
    n.put("description", m.getDescription());
    n.put("unit", m.getUnit());
    switch (m.getType()) {
      case LONG_GAUGE -> numberPoints(n.putObject("gauge"), m.getLongGaugeData().getPoints());
      case DOUBLE_GAUGE -> numberPoints(n.putObject("gauge"), m.getDoubleGaugeData().getPoints());
      case LONG_SUM -> {
        ObjectNode sum = n.putObject("sum");
        numberPoints(sum, m.getLongSumData().getPoints());
        sum.put("aggregationTemporality", temporality(m.getLongSumData().getAggregationTemporality()));
        sum.put("isMonotonic", m.getLongSumData().isMonotonic());
      }
      case DOUBLE_SUM -> {
        ObjectNode sum = n.putObject("sum");
        numberPoints(sum, m.getDoubleSumData().getPoints());
        sum.put("aggregationTemporality", temporality(m.getDoubleSumData().getAggregationTemporality()));
        sum.put("isMonotonic", m.getDoubleSumData().isMonotonic());
      }
      case HISTOGRAM -> {
        ObjectNode h = n.putObject("histogram");
        ArrayNode points = h.putArray("dataPoints");
        m.getHistogramData().getPoints().forEach(p -> points.add(histogramPoint(p)));
        h.put("aggregationTemporality", temporality(m.getHistogramData().getAggregationTemporality()));
      }
      case EXPONENTIAL_HISTOGRAM -> {
        ObjectNode h = n.putObject("exponentialHistogram");
        ArrayNode points = h.putArray("dataPoints");
        m.getExponentialHistogramData().getPoints().forEach(p -> points.add(exponentialPoint(p)));
        h.put("aggregationTemporality",
            temporality(m.getExponentialHistogramData().getAggregationTemporality()));
      }
      case SUMMARY -> {
        ArrayNode points = n.putObject("summary").putArray("dataPoints");
        m.getSummaryData().getPoints().forEach(p -> points.add(summaryPoint(p)));
      }
    }
    return n;
  }

  private static void numberPoints(ObjectNode parent, Collection<? extends PointData> points) {
    ArrayNode arr = parent.putArray("dataPoints");
    for (PointData p : points) {
      ObjectNode pn = pointHeader(p);
      if (p instanceof LongPointData l) {
        pn.put("asInt", Long.toString(l.getValue()));
      } else if (p instanceof DoublePointData d) {
        putDouble(pn, "asDouble", d.getValue());
      }
      arr.add(pn);
    }
  }

  private static ObjectNode pointHeader(PointData p) {
    ObjectNode pn = F.objectNode();
    pn.set("attributes", attributes(p.getAttributes()));
    pn.put("startTimeUnixNano", Long.toUnsignedString(p.getStartEpochNanos()));
    pn.put("timeUnixNano", Long.toUnsignedString(p.getEpochNanos()));
    return pn;
  }

  private static ObjectNode histogramPoint(HistogramPointData p) {
    ObjectNode pn = pointHeader(p);
    pn.put("count", Long.toUnsignedString(p.getCount()));
    putDouble(pn, "sum", p.getSum());
    ArrayNode counts = pn.putArray("bucketCounts");
    p.getCounts().forEach(c -> counts.add(Long.toUnsignedString(c)));
    ArrayNode bounds = pn.putArray("explicitBounds");
    p.getBoundaries().forEach(b -> bounds.add(doubleNode(b)));
    if (p.hasMin()) {
      putDouble(pn, "min", p.getMin());
    }
    if (p.hasMax()) {
      putDouble(pn, "max", p.getMax());
    }
    return pn;
  }

  private static ObjectNode exponentialPoint(ExponentialHistogramPointData p) {
    ObjectNode pn = pointHeader(p);
    pn.put("count", Long.toUnsignedString(p.getCount()));
    putDouble(pn, "sum", p.getSum());
    pn.put("scale", p.getScale());
    pn.put("zeroCount", Long.toUnsignedString(p.getZeroCount()));
    pn.set("positive", buckets(p.getPositiveBuckets()));
    pn.set("negative", buckets(p.getNegativeBuckets()));
    if (p.hasMin()) {
      putDouble(pn, "min", p.getMin());
    }
    if (p.hasMax()) {
      putDouble(pn, "max", p.getMax());
    }
    return pn;
  }

  private static ObjectNode buckets(ExponentialHistogramBuckets b) {
    ObjectNode n = F.objectNode();
    n.put("offset", b.getOffset());
    ArrayNode counts = n.putArray("bucketCounts");
    b.getBucketCounts().forEach(c -> counts.add(Long.toUnsignedString(c)));
    return n;
  }

  private static ObjectNode summaryPoint(SummaryPointData p) {
    ObjectNode pn = pointHeader(p);
    pn.put("count", Long.toUnsignedString(p.getCount()));
    putDouble(pn, "sum", p.getSum());
    ArrayNode q = pn.putArray("quantileValues");
    for (ValueAtQuantile v : p.getValues()) {
      ObjectNode qn = q.addObject();
      putDouble(qn, "quantile", v.getQuantile());
      putDouble(qn, "value", v.getValue());
    }
    return pn;
  }

  static int temporality(AggregationTemporality t) {
    return switch (t) {
      case DELTA -> 1;
      case CUMULATIVE -> 2;
    };
  }

  // ---- attributes and values ----

  /** {@code [{"key":…, "value":{…}}]} in the attributes' own (key-sorted) order. */
  static ArrayNode attributes(Attributes attributes) {
    ArrayNode arr = F.arrayNode();
    attributes.forEach((key, value) -> {
      ObjectNode kv = arr.addObject();
      kv.put("key", key.getKey());
      kv.set("value", attributeValue(key, value));
    });
    return arr;
  }

  private static ObjectNode attributeValue(AttributeKey<?> key, Object value) {
    return switch (key.getType()) {
      case STRING -> F.objectNode().put("stringValue", (String) value);
      case BOOLEAN -> F.objectNode().put("boolValue", (Boolean) value);
      case LONG -> F.objectNode().put("intValue", Long.toString((Long) value));
      case DOUBLE -> doubleValue((Double) value);
      case STRING_ARRAY, BOOLEAN_ARRAY, LONG_ARRAY, DOUBLE_ARRAY -> {
        ObjectNode n = F.objectNode();
        ArrayNode values = n.putObject("arrayValue").putArray("values");
        for (Object element : (List<?>) value) {
          values.add(scalar(element));
        }
        yield n;
      }
      case VALUE -> anyValue((Value<?>) value);
    };
  }

  private static ObjectNode scalar(Object v) {
    if (v instanceof String s) {
      return F.objectNode().put("stringValue", s);
    } else if (v instanceof Boolean b) {
      return F.objectNode().put("boolValue", b);
    } else if (v instanceof Long l) {
      return F.objectNode().put("intValue", Long.toString(l));
    } else if (v instanceof Double d) {
      return doubleValue(d);
    }
    // Attribute arrays only hold the four scalar types; keep anything else visible rather than drop it.
    return F.objectNode().put("stringValue", String.valueOf(v));
  }

  /** An OTLP {@code AnyValue} of an OpenTelemetry {@link Value}. */
  @SuppressWarnings("unchecked")
  static ObjectNode anyValue(Value<?> v) {
    return switch (v.getType()) {
      case STRING -> F.objectNode().put("stringValue", (String) v.getValue());
      case BOOLEAN -> F.objectNode().put("boolValue", (Boolean) v.getValue());
      case LONG -> F.objectNode().put("intValue", Long.toString((Long) v.getValue()));
      case DOUBLE -> doubleValue((Double) v.getValue());
      case ARRAY -> {
        ObjectNode n = F.objectNode();
        ArrayNode values = n.putObject("arrayValue").putArray("values");
        for (Value<?> element : (List<Value<?>>) v.getValue()) {
          values.add(anyValue(element));
        }
        yield n;
      }
      case KEY_VALUE_LIST -> {
        ObjectNode n = F.objectNode();
        ArrayNode values = n.putObject("kvlistValue").putArray("values");
        for (KeyValue kv : (List<KeyValue>) v.getValue()) {
          ObjectNode e = values.addObject();
          e.put("key", kv.getKey());
          e.set("value", anyValue(kv.getValue()));
        }
        yield n;
      }
      case BYTES -> {
        ByteBuffer buf = ((ByteBuffer) v.getValue()).duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        yield F.objectNode().put("bytesValue", Base64.getEncoder().encodeToString(bytes));
      }
      case EMPTY -> F.objectNode();
    };
  }

  private static ObjectNode doubleValue(double d) {
    ObjectNode n = F.objectNode();
    putDouble(n, "doubleValue", d);
    return n;
  }

  private static void putDouble(ObjectNode n, String field, double d) {
    n.set(field, doubleNode(d));
  }

  /** Proto3 JSON writes non-finite doubles as the strings NaN, Infinity, -Infinity. */
  private static com.fasterxml.jackson.databind.JsonNode doubleNode(double d) {
    if (Double.isNaN(d)) {
      return F.textNode("NaN");
    } else if (Double.isInfinite(d)) {
      return F.textNode(d > 0 ? "Infinity" : "-Infinity");
    }
    return F.numberNode(d);
  }

  private static void putDropped(ObjectNode n, String field, int dropped) {
    if (dropped > 0) {
      n.put(field, dropped);
    }
  }
}
