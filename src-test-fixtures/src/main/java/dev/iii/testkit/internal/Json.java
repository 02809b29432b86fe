package dev.iii.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;

/** The one Jackson mapper of the test engine, plus serde-like type descriptions for error messages. */
public final class Json {
  private Json() {}

  /** Messages may be up to 64 MiB, so Jackson's default string-length guard (20 M chars) is raised. */
  public static final ObjectMapper MAPPER = new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  public static JsonNode parse(byte[] bytes) throws java.io.IOException {
    return MAPPER.readTree(bytes);
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A JsonNode tree always serializes; reaching this is a bug.
      throw new IllegalStateException("cannot serialize JSON tree", e);
    }
  }

  /** Describes a JSON value the way serde's "invalid type" errors do, e.g. {@code integer `5`}. */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "unit";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string \"" + node.textValue() + "\"";
    }
    if (node.isBoolean()) {
      return "boolean `" + node.booleanValue() + "`";
    }
    if (node.isIntegralNumber()) {
      return "integer `" + node.asText() + "`";
    }
    if (node.isNumber()) {
      return "floating point `" + node.asText() + "`";
    }
    if (node.isArray()) {
      return "sequence";
    }
    return "map";
  }
}
