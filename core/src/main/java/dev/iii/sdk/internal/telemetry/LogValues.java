package dev.iii.sdk.internal.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts a logger's {@code data} argument to an OpenTelemetry {@link Value} (PROTOCOL §9.4: structured values
 * become OTLP kvlist/array values). Maps and objects become key/value lists, collections and arrays become arrays,
 * numbers stay numbers; anything Jackson cannot describe is kept as its {@code toString()} rather than dropped.
 */
final class LogValues {
  /** Deeper structures are cut (with a marker string) so a cyclic map cannot overflow the stack. */
  static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

  private LogValues() {}

  static Value<?> of(@Nullable Object data) {
    return of(data, 0);
  }

  /** {@code data} as JSON text for the SLF4J fallback (its {@code toString()} if it cannot be serialised). */
  static String toJson(@Nullable Object data) {
    try {
      return MAPPER.writeValueAsString(data);
    } catch (Exception | StackOverflowError e) {
      return String.valueOf(data);
    }
  }

  private static Value<?> of(@Nullable Object data, int depth) {
    if (depth > MAX_DEPTH) {
      return Value.of("<nested deeper than " + MAX_DEPTH + ">");
    }
    if (data == null) {
      return Value.empty();
    } else if (data instanceof Value<?> v) {
      return v;
    } else if (data instanceof String s) {
      return Value.of(s);
    } else if (data instanceof Boolean b) {
      return Value.of(b);
    } else if (data instanceof Long || data instanceof Integer || data instanceof Short || data instanceof Byte) {
      return Value.of(((Number) data).longValue());
    } else if (data instanceof Double || data instanceof Float) {
      return Value.of(((Number) data).doubleValue());
    } else if (data instanceof BigInteger || data instanceof BigDecimal) {
      // No lossless OTLP number for these: keep the exact digits.
      return Value.of(data.toString());
    } else if (data instanceof CharSequence || data instanceof Character || data instanceof Enum<?>) {
      return Value.of(data instanceof Enum<?> e ? e.name() : data.toString());
    } else if (data instanceof byte[] bytes) {
      return Value.of(bytes);
    } else if (data instanceof JsonNode node) {
      return ofJson(node, depth);
    } else if (data instanceof Map<?, ?> map) {
      Map<String, Value<?>> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), of(v, depth + 1)));
      return Value.of(out);
    } else if (data instanceof Collection<?> c) {
      List<Value<?>> out = new ArrayList<>(c.size());
      c.forEach(e -> out.add(of(e, depth + 1)));
      return Value.of(out);
    } else if (data instanceof Object[] array) {
      List<Value<?>> out = new ArrayList<>(array.length);
      for (Object e : array) {
        out.add(of(e, depth + 1));
      }
      return Value.of(out);
    }
    // Records, beans, primitive arrays: let Jackson describe them.
    try {
      return ofJson(MAPPER.valueToTree(data), depth);
    } catch (RuntimeException e) {
      return Value.of(String.valueOf(data));
    }
  }

  private static Value<?> ofJson(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      return Value.of("<nested deeper than " + MAX_DEPTH + ">");
    }
    if (node.isObject()) {
      Map<String, Value<?>> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.put(f.getKey(), ofJson(f.getValue(), depth + 1));
      }
      return Value.of(out);
    } else if (node.isArray()) {
      List<Value<?>> out = new ArrayList<>(node.size());
      node.forEach(e -> out.add(ofJson(e, depth + 1)));
      return Value.of(out);
    } else if (node.isBoolean()) {
      return Value.of(node.booleanValue());
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Value.of(node.longValue());
    } else if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      return Value.of(node.doubleValue());
    } else if (node.isNumber()) {
      return Value.of(node.asText());
    } else if (node.isBinary()) {
      try {
        return Value.of(node.binaryValue());
      } catch (java.io.IOException e) {
        return Value.of(node.asText());
      }
    } else if (node.isNull() || node.isMissingNode()) {
      return Value.empty();
    }
    return Value.of(node.asText());
  }
}
