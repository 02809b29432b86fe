package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Reads a built-in's input the way the engine's serde structs do, so bad input is answered with the same
 * {@code deserialization_error} messages (e.g. {@code invalid type: null, expected struct FunctionsListInput}).
 * Unknown keys, such as the injected {@code _caller_worker_id}, are ignored.
 */
public final class BuiltinInput {
  private BuiltinInput() {}

  /** Bad input; the message is serde's detail, the router adds "Failed to deserialize input for &lt;id&gt;: ". */
  public static final class InputException extends RuntimeException {
    public InputException(String message) {
      super(message, null, false, false);
    }
  }

  public static ObjectNode struct(JsonNode data, String structName) {
    if (!data.isObject()) {
      throw new InputException("invalid type: " + Json.describe(data) + ", expected struct " + structName);
    }
    return (ObjectNode) data;
  }

  public static @Nullable String optString(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InputException("invalid type: " + Json.describe(v) + ", expected a string");
    }
    return v.textValue();
  }

  public static String reqString(ObjectNode in, String field) {
    if (in.get(field) == null) {
      throw new InputException("missing field `" + field + "`");
    }
    String s = optString(in, field);
    if (s == null) {
      throw new InputException("invalid type: null, expected a string");
    }
    return s;
  }

  public static @Nullable Boolean optBool(ObjectNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new InputException("invalid type: " + Json.describe(v) + ", expected a boolean");
    }
    return v.booleanValue();
  }

  /** An optional unsigned integer; {@code rustType} ("usize", "u32") appears in the error like serde's. */
  public static @Nullable Long optUnsigned(ObjectNode in, String field, String rustType, BigInteger max) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw new InputException("invalid type: " + Json.describe(v) + ", expected " + rustType);
    }
    BigInteger b = v.bigIntegerValue();
    if (b.signum() < 0 || b.compareTo(max) > 0) {
      throw new InputException("invalid value: " + Json.describe(v) + ", expected " + rustType);
    }
    return b.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
  }

  public static @Nullable ObjectNode optObject(ObjectNode in, String field, String structName) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return struct(v, structName);
  }
}
