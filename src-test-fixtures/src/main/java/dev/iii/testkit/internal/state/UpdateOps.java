package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies update ops in order (ENGINE §7.2, shared by {@code state::update} and {@code stream::update}). A failing
 * op is skipped and recorded; later ops still apply and the call still succeeds.
 */
final class UpdateOps {
  static final String DOC_URL = "https://iii.dev/docs/workers/iii-state#error-codes";
  static final int MAX_PATH_SEGMENTS = 32;
  static final int MAX_SEGMENT_BYTES = 256;
  static final int MAX_MERGE_DEPTH = 16;
  static final int MAX_MERGE_KEYS = 1024;
  private static final Set<String> POLLUTING = Set.of("__proto__", "constructor", "prototype");

  private UpdateOps() {}

  /** The value after the ops, and the errors array (empty when every op applied). */
  record Applied(JsonNode value, ArrayNode errors) {}

  /** Thrown inside one op to skip it with an error entry. */
  private static final class OpFailure extends Exception {
    final String code;

    OpFailure(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /**
   * @param existing the stored value, or Java null when the key/item does not exist yet (it then starts as
   *     {@code {}}, except that a root increment/append on it starts from nothing)
   */
  static Applied apply(@Nullable JsonNode existing, List<UpdateOp> ops) {
    Target t = new Target(existing == null ? null : existing.deepCopy());
    ArrayNode errors = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < ops.size(); i++) {
      UpdateOp op = ops.get(i);
      try {
        applyOne(t, op);
      } catch (OpFailure f) {
        ObjectNode e = errors.addObject();
        e.put("op_index", i);
        e.put("code", f.code);
        e.put("message", f.getMessage());
        e.put("doc_url", DOC_URL);
      }
    }
    return new Applied(t.value == null ? JsonNodeFactory.instance.objectNode() : t.value, errors);
  }

  /** The value being updated; {@code value == null} while the key is still missing. */
  private static final class Target {
    @Nullable JsonNode value;

    Target(@Nullable JsonNode value) {
      this.value = value;
    }

    /** The value as an object for a keyed op: a missing key starts as {@code {}}. */
    ObjectNode object(String kind) throws OpFailure {
      if (value == null) {
        value = JsonNodeFactory.instance.objectNode();
      }
      if (!value.isObject()) {
        throw new OpFailure(kind + ".target_not_object",
            kind + " needs an object at the root, found " + typeName(value));
      }
      return (ObjectNode) value;
    }
  }

  private static void applyOne(Target t, UpdateOp op) throws OpFailure {
    if (op instanceof UpdateOp.Set s) {
      checkKey(s.kind(), s.path());
      if (s.path().isEmpty()) {
        t.value = s.value();
      } else {
        t.object(s.kind()).set(s.path(), s.value());
      }
    } else if (op instanceof UpdateOp.Merge m) {
      merge(t, m);
    } else if (op instanceof UpdateOp.Add a) {
      long by = a.kind().equals("decrement") ? -a.by() : a.by();
      checkKey(a.kind(), a.path());
      if (a.path().isEmpty()) {
        t.value = t.value == null ? LongNode.valueOf(by) : add(a.kind(), t.value, by);
      } else {
        ObjectNode o = t.object(a.kind());
        JsonNode cur = o.get(a.path());
        o.set(a.path(), cur == null || cur.isNull() ? LongNode.valueOf(by) : add(a.kind(), cur, by));
      }
    } else if (op instanceof UpdateOp.Append ap) {
      checkKey(ap.kind(), ap.path());
      if (ap.path().isEmpty()) {
        t.value = append(t.value, ap.value());
      } else {
        ObjectNode o = t.object(ap.kind());
        o.set(ap.path(), append(o.get(ap.path()), ap.value()));
      }
    } else if (op instanceof UpdateOp.Remove r) {
      checkKey(r.kind(), r.path());
      if (r.path().isEmpty()) {
        t.value = NullNode.getInstance();
      } else {
        t.object(r.kind()).remove(r.path());
      }
    }
  }

  private static JsonNode add(String kind, JsonNode current, long by) throws OpFailure {
    if (!current.isNumber()) {
      throw new OpFailure(kind + ".not_number", kind + " needs a number, found " + typeName(current));
    }
    if (current.isIntegralNumber() && current.canConvertToLong()) {
      try {
        return LongNode.valueOf(Math.addExact(current.longValue(), by));
      } catch (ArithmeticException overflow) {
        // Beyond i64: continue in floating point rather than wrap around silently.
        return DoubleNode.valueOf((double) current.longValue() + by);
      }
    }
    return DoubleNode.valueOf(current.doubleValue() + by);
  }

  private static JsonNode append(@Nullable JsonNode current, JsonNode value) throws OpFailure {
    if (current == null || current.isNull()) {
      if (value.isTextual()) {
        return value;
      }
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      a.add(value);
      return a;
    }
    if (current.isArray()) {
      ((ArrayNode) current).add(value);
      return current;
    }
    if (current.isTextual()) {
      if (!value.isTextual()) {
        throw new OpFailure("append.type_mismatch", "append to a string needs a string value, got "
            + typeName(value));
      }
      return TextNode.valueOf(current.textValue() + value.textValue());
    }
    throw new OpFailure("append.type_mismatch", "append needs an array, a string or nothing, found "
        + typeName(current));
  }

  private static void merge(Target t, UpdateOp.Merge m) throws OpFailure {
    List<String> path = m.path();
    if (path.size() > MAX_PATH_SEGMENTS) {
      throw new OpFailure("merge.path.too_deep",
          "merge path has " + path.size() + " segments, at most " + MAX_PATH_SEGMENTS + " are allowed");
    }
    for (String segment : path) {
      if (segment.isEmpty()) {
        throw new OpFailure("merge.path.empty_segment", "merge path contains an empty segment");
      }
      checkSegment("merge", segment);
    }
    JsonNode value = m.value();
    if (!value.isObject()) {
      throw new OpFailure("merge.value.not_an_object", "merge value must be an object, got " + typeName(value));
    }
    if (value.size() > MAX_MERGE_KEYS) {
      throw new OpFailure("merge.value.too_many_keys",
          "merge value has " + value.size() + " keys, at most " + MAX_MERGE_KEYS + " are allowed");
    }
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (POLLUTING.contains(key)) {
        throw new OpFailure("merge.value.proto_polluted", "merge value contains the forbidden key '" + key + "'");
      }
    }
    if (depth(value) > MAX_MERGE_DEPTH) {
      throw new OpFailure("merge.value.too_deep",
          "merge value is nested deeper than " + MAX_MERGE_DEPTH + " levels");
    }
    ObjectNode target;
    if (path.isEmpty()) {
      if (t.value == null) {
        t.value = JsonNodeFactory.instance.objectNode();
      }
      if (!t.value.isObject()) {
        return; // a root merge into a non-object is silently skipped (ENGINE §7.2)
      }
      target = (ObjectNode) t.value;
    } else {
      if (t.value == null || !t.value.isObject()) {
        t.value = JsonNodeFactory.instance.objectNode(); // non-object intermediates are replaced
      }
      target = (ObjectNode) t.value;
      for (String segment : path) {
        JsonNode child = target.get(segment);
        if (child == null || !child.isObject()) {
          child = target.putObject(segment);
        }
        target = (ObjectNode) child;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      target.set(e.getKey(), e.getValue().deepCopy());
    }
  }

  /** The single-key path of set/increment/decrement/append/remove; {@code ""} (the root) needs no checks. */
  private static void checkKey(String kind, String key) throws OpFailure {
    if (!key.isEmpty()) {
      checkSegment(kind, key);
    }
  }

  private static void checkSegment(String kind, String segment) throws OpFailure {
    int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SEGMENT_BYTES) {
      throw new OpFailure(kind + ".path.segment_too_long",
          "path segment is " + bytes + " bytes long, at most " + MAX_SEGMENT_BYTES + " are allowed");
    }
    if (POLLUTING.contains(segment)) {
      throw new OpFailure(kind + ".path.proto_polluted", "path segment '" + segment + "' is not allowed");
    }
  }

  /** Nesting depth: a scalar is 0, an object or array is one more than its deepest member. */
  private static int depth(JsonNode n) {
    int max = 0;
    if (n.isContainerNode()) {
      for (JsonNode child : n) {
        max = Math.max(max, depth(child));
      }
      return max + 1;
    }
    return 0;
  }

  private static String typeName(JsonNode n) {
    if (n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    return "a boolean";
  }
}
