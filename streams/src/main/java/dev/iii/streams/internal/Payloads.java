package dev.iii.streams.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.streams.Change;
import dev.iii.streams.UpdateError;
import dev.iii.streams.UpdateOp;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Typed conversion of built-in inputs and results with one payload mapper. */
public final class Payloads {
  private final ObjectMapper mapper;

  public Payloads(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Like the SDK's default payload mapper: registered modules, and unknown properties ignored (the engine adds
   * {@code _caller_worker_id} and other keys).
   */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper().findAndRegisterModules()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public JsonNode toJson(@Nullable Object value) {
    return value == null ? JsonNodeFactory.instance.nullNode() : mapper.valueToTree(value);
  }

  /** Null for a missing or JSON-null node ("no result"). */
  public <T> @Nullable T read(@Nullable JsonNode node, Class<T> type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read " + node.getNodeType() + " as " + type.getName()
          + ": " + e.getMessage(), e);
    }
  }

  public <T> List<T> readList(@Nullable JsonNode node, Class<T> type) {
    List<T> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("expected an array, got " + node.getNodeType());
    }
    node.forEach(n -> out.add(read(n, type)));
    return out;
  }

  public List<String> readStrings(@Nullable JsonNode node) {
    return readList(node, String.class);
  }

  public <T> Change<T> readChange(@Nullable JsonNode node, Class<T> type) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected {old_value,new_value}, got " + node);
    }
    List<UpdateError> errors = new ArrayList<>();
    for (JsonNode e : node.path("errors")) {
      errors.add(new UpdateError(e.path("op_index").asInt(), e.path("code").asText(), e.path("message").asText(),
          e.path("doc_url").asText()));
    }
    return new Change<>(read(node.get("old_value"), type), read(node.get("new_value"), type), errors);
  }

  public ArrayNode ops(List<UpdateOp> ops) {
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("at least one UpdateOp is required");
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (UpdateOp op : ops) {
      ObjectNode o = out.addObject().put("type", op.type());
      if (op.path() instanceof List<?> segments) {
        ArrayNode p = o.putArray("path");
        segments.forEach(s -> p.add(String.valueOf(s)));
      } else if (op.path() != null) {
        o.put("path", (String) op.path());
      }
      if (op.by() != null) {
        o.put("by", op.by());
      } else if (!op.type().equals("remove")) {
        o.set("value", toJson(op.value()));
      }
    }
    return out;
  }
}
