package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.BuiltinInput.InputException;
import dev.iii.testkit.internal.Json;

/** Input readers the shared {@link BuiltinInput} lacks, with serde-like messages ("missing field `data`"). */
final class Inputs {
  private Inputs() {}

  /** A required field of any JSON type ({@code serde_json::Value}): an explicit null is a value, absence is not. */
  static JsonNode reqValue(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null) {
      throw new InputException("missing field `" + field + "`");
    }
    return v;
  }

  /** A required value that may also be sent under one alias (serde {@code #[serde(alias)]}). */
  static JsonNode reqValueWithAlias(ObjectNode in, String field, String alias) {
    JsonNode v = in.get(field);
    JsonNode a = in.get(alias);
    if (v != null && a != null) {
      throw new InputException("duplicate field `" + field + "`");
    }
    if (v == null && a == null) {
      throw new InputException("missing field `" + field + "`");
    }
    return v != null ? v : a;
  }

  /** A required signed 64-bit integer; fractions and strings are type errors, as for a Rust {@code i64}. */
  static long reqI64(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null) {
      throw new InputException("missing field `" + field + "`");
    }
    if (!v.isIntegralNumber()) {
      throw new InputException("invalid type: " + Json.describe(v) + ", expected i64");
    }
    if (!v.canConvertToLong()) {
      throw new InputException("invalid value: " + Json.describe(v) + ", expected i64");
    }
    return v.longValue();
  }
}
