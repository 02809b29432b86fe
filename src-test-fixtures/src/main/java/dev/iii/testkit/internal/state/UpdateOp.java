package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.BuiltinInput.InputException;
import dev.iii.testkit.internal.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One decoded update operation (ENGINE §7.2 / PROTOCOL §7.2), tagged by {@code type}. Decoding failures are
 * input errors of the whole call ({@code deserialization_error}); validation failures (bad path segments, a
 * merge value that is not an object, ...) are per-op errors found when the op is applied by {@link UpdateOps}.
 */
sealed interface UpdateOp {

  /** The tag, which is also the prefix of this op's error codes. */
  String kind();

  /** {@code set}: {@code path} is one literal key, {@code ""} the whole value; a missing value is null. */
  record Set(String path, JsonNode value) implements UpdateOp {
    public String kind() {
      return "set";
    }
  }

  /** {@code merge}: {@code path} is the list of literal keys from the root (empty = the root itself). */
  record Merge(List<String> path, JsonNode value) implements UpdateOp {
    public String kind() {
      return "merge";
    }
  }

  /** {@code increment} and {@code decrement}; {@code kind} keeps the name for error codes. */
  record Add(String kind, String path, long by) implements UpdateOp {}

  record Append(String path, JsonNode value) implements UpdateOp {
    public String kind() {
      return "append";
    }
  }

  record Remove(String path) implements UpdateOp {
    public String kind() {
      return "remove";
    }
  }

  /** Decodes the {@code ops} field; anything undecodable fails the whole input, as serde does. */
  static List<UpdateOp> decodeAll(ObjectNode input) {
    JsonNode ops = input.get("ops");
    if (ops == null) {
      throw new InputException("missing field `ops`");
    }
    if (!ops.isArray()) {
      throw new InputException("invalid type: " + Json.describe(ops) + ", expected a sequence");
    }
    List<UpdateOp> out = new ArrayList<>();
    for (JsonNode op : (ArrayNode) ops) {
      out.add(decode(op));
    }
    return out;
  }

  private static UpdateOp decode(JsonNode node) {
    if (!node.isObject()) {
      throw new InputException("invalid type: " + Json.describe(node) + ", expected internally tagged enum UpdateOp");
    }
    ObjectNode op = (ObjectNode) node;
    JsonNode tag = op.get("type");
    if (tag == null) {
      throw new InputException("missing field `type`");
    }
    if (!tag.isTextual()) {
      throw new InputException("invalid type: " + Json.describe(tag) + ", expected variant identifier");
    }
    return switch (tag.textValue()) {
      case "set" -> new Set(BuiltinInput.reqString(op, "path"), valueOrNull(op));
      case "merge" -> new Merge(mergePath(op.get("path")), valueOrNull(op));
      case "increment", "decrement" ->
          new Add(tag.textValue(), BuiltinInput.reqString(op, "path"), Inputs.reqI64(op, "by"));
      case "append" -> new Append(BuiltinInput.reqString(op, "path"), Inputs.reqValue(op, "value"));
      case "remove" -> new Remove(BuiltinInput.reqString(op, "path"));
      default -> throw new InputException("unknown variant `" + tag.textValue()
          + "`, expected one of `set`, `merge`, `increment`, `decrement`, `append`, `remove`");
    };
  }

  private static JsonNode valueOrNull(ObjectNode op) {
    JsonNode v = op.get("value");
    return v == null ? NullNode.getInstance() : v;
  }

  /** Absent, null, {@code ""} and {@code []} all mean the root; a string is one key; an array lists keys. */
  private static List<String> mergePath(@Nullable JsonNode path) {
    if (path == null || path.isNull()) {
      return List.of();
    }
    if (path.isTextual()) {
      return path.textValue().isEmpty() ? List.of() : List.of(path.textValue());
    }
    if (path.isArray()) {
      List<String> segments = new ArrayList<>();
      for (JsonNode s : path) {
        if (!s.isTextual()) {
          throw new InputException("data did not match any variant of untagged enum MergePath");
        }
        segments.add(s.textValue());
      }
      return segments;
    }
    throw new InputException("data did not match any variant of untagged enum MergePath");
  }
}
