package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionRef;
import dev.iii.sdk.III;
import dev.iii.sdk.StreamStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Registers a {@link StreamStore} as the five {@code stream::<op>(<name>)} functions of PROTOCOL §7.3, translating
 * the engine's snake_case inputs to the store's arguments and its answers to the shapes the engine requires (an
 * object with {@code new_value} for set, {@code old_value} for delete: a null answer there would be an error).
 */
public final class StreamStoreFunctions {

  private StreamStoreFunctions() {}

  static <T> StreamStore.Registration register(
      III worker, ObjectMapper mapper, String name, Class<T> itemType, StreamStore<T> store) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(itemType, "itemType");
    Objects.requireNonNull(store, "store");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("stream name must not be empty");
    }
    Codec<T> codec = new Codec<>(mapper, itemType);
    List<FunctionRef> refs = new ArrayList<>();
    try {
      refs.add(worker.registerFunction(def(name, "get", in ->
          codec.write(store.get(str(in, "stream_name"), str(in, "group_id"), str(in, "item_id"))))));
      refs.add(worker.registerFunction(def(name, "set", in -> {
        JsonNode raw = in.get("data");
        T data = codec.read(raw == null ? NullNode.getInstance() : raw);
        T old = store.set(str(in, "stream_name"), str(in, "group_id"), str(in, "item_id"), data);
        ObjectNode out = mapper.createObjectNode();
        out.set("old_value", codec.write(old));
        out.set("new_value", codec.write(data)); // required by the engine, even when null
        return out;
      })));
      refs.add(worker.registerFunction(def(name, "delete", in -> {
        T old = store.delete(str(in, "stream_name"), str(in, "group_id"), str(in, "item_id"));
        ObjectNode out = mapper.createObjectNode();
        out.set("old_value", codec.write(old));
        return out;
      })));
      refs.add(worker.registerFunction(def(name, "list", in -> {
        List<T> items = store.list(str(in, "stream_name"), str(in, "group_id"));
        ArrayNode out = mapper.createArrayNode();
        if (items != null) {
          items.forEach(i -> out.add(codec.write(i)));
        }
        return out;
      })));
      refs.add(worker.registerFunction(def(name, "list_groups", in -> {
        List<String> groups = store.listGroups(str(in, "stream_name"));
        ArrayNode out = mapper.createArrayNode();
        if (groups != null) {
          groups.forEach(out::add);
        }
        return out;
      })));
    } catch (RuntimeException e) {
      refs.forEach(FunctionRef::unregister); // all or nothing: no half-registered stream left behind
      throw e;
    }
    List<String> ids = refs.stream().map(FunctionRef::id).toList();
    return new StreamStore.Registration() {
      @Override
      public String streamName() {
        return name;
      }

      @Override
      public List<String> functionIds() {
        return ids;
      }

      @Override
      public void unregister() {
        refs.forEach(FunctionRef::unregister);
      }
    };
  }

  /** The id the engine looks up for a custom stream's operation (PROTOCOL §7.3). */
  public static String functionId(String op, String streamName) {
    return "stream::" + op + "(" + streamName + ")";
  }

  private interface Op {
    Object apply(JsonNode input) throws Exception;
  }

  private static FunctionDef<JsonNode, Object> def(String name, String op, Op body) {
    return FunctionDef.json(functionId(op, name), (in, ctx) -> {
      if (in == null || !in.isObject()) {
        throw new IllegalArgumentException(
            functionId(op, name) + " expects an object input, got " + (in == null ? "nothing" : in.getNodeType()));
      }
      return body.apply(in);
    }).toBuilder().description("Custom stream " + name + ": " + op).build();
  }

  private static String str(JsonNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing or non-string field '" + field + "' in " + in);
    }
    return v.asText();
  }

  /** Item conversion through the worker's payload mapper. */
  private record Codec<T>(ObjectMapper mapper, Class<T> type) {
    @Nullable T read(JsonNode node) {
      if (node.isNull()) {
        return null;
      }
      try {
        return mapper.treeToValue(node, type);
      } catch (Exception e) {
        throw new IllegalArgumentException(
            "stream item is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
      }
    }

    JsonNode write(@Nullable T value) {
      return value == null ? NullNode.getInstance() : mapper.valueToTree(value);
    }
  }
}
