package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a worker frame with the same accept/reject rules as the engine's serde definitions (PROTOCOL §1.4,
 * vectors {@code w2e-*}): required keys must be present, plain strings reject null, {@code Option}s accept null,
 * UUIDs accept every textual form, unknown members are ignored and the {@code type} tag is case-sensitive.
 */
public final class WireDecoder {
  private WireDecoder() {}

  private static final String VARIANTS = "`registertriggertype`, `registertrigger`, `triggerregistrationresult`, "
      + "`unregistertrigger`, `registerfunction`, `unregisterfunction`, `invokefunction`, `invocationresult`, "
      + "`registerservice`, `ping`, `pong`, `workerregistered`";
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public static Inbound decode(JsonNode frame) throws DecodeException {
    return decode(frame, false);
  }

  /**
   * As {@link #decode(JsonNode)}; with {@code v023} the 0.23 additions are decoded too: {@code reattach} and the
   * {@code namespace}/{@code metadata} members (PROTOCOL §10.1, §10.2). Without it {@code reattach} stays unknown.
   */
  public static Inbound decode(JsonNode frame, boolean v023) throws DecodeException {
    if (!frame.isObject()) {
      // serde also accepts a sequence whose first element is the tag (vectors README); no SDK sends that.
      throw new DecodeException("invalid type: " + Json.describe(frame) + ", expected internally tagged enum Message");
    }
    JsonNode tag = frame.get("type");
    if (tag == null) {
      throw new DecodeException("missing field `type`");
    }
    if (!tag.isTextual()) {
      throw new DecodeException("invalid type: " + Json.describe(tag) + ", expected variant identifier");
    }
    switch (tag.textValue()) {
      case "registerfunction":
        return new Inbound.RegisterFunction(reqString(frame, "id"), optString(frame, "description"),
            optValue(frame, "request_format"), optValue(frame, "response_format"), optValue(frame, "metadata"),
            httpInvocation(frame.get("invocation")));
      case "unregisterfunction":
        return new Inbound.UnregisterFunction(reqString(frame, "id"));
      case "registerservice": {
        String id = reqString(frame, "id");
        JsonNode name = frame.get("name");
        String n = name == null ? "" : asString(name);
        return new Inbound.RegisterService(id, n, optString(frame, "description"),
            optString(frame, "parent_service_id"));
      }
      case "invokefunction": {
        UUID id = optUuid(frame, "invocation_id");
        String fn = reqString(frame, "function_id");
        JsonNode data = reqValue(frame, "data");
        return new Inbound.InvokeFunction(id, fn, data, optString(frame, "traceparent"),
            optString(frame, "baggage"), action(frame.get("action")),
            v023 ? optString(frame, "namespace") : null, v023 ? optValue(frame, "metadata") : null);
      }
      case "invocationresult": {
        UUID id = reqUuid(frame, "invocation_id");
        String fn = reqString(frame, "function_id");
        JsonNode result = frame.get("result");
        return new Inbound.InvocationResult(id, fn, result, errorBody(frame.get("error")),
            optString(frame, "traceparent"), optString(frame, "baggage"));
      }
      case "registertriggertype":
        return new Inbound.RegisterTriggerType(reqString(frame, "id"), reqString(frame, "description"),
            optValue(frame, "trigger_request_format"), optValue(frame, "call_request_format"));
      case "registertrigger": {
        String id = reqString(frame, "id");
        String type = reqString(frame, "trigger_type");
        String fn = reqString(frame, "function_id");
        JsonNode config = reqValue(frame, "config");
        return new Inbound.RegisterTrigger(id, type, fn, config, optValue(frame, "metadata"),
            v023 ? optString(frame, "namespace") : null);
      }
      case "unregistertrigger":
        return new Inbound.UnregisterTrigger(reqString(frame, "id"), optString(frame, "trigger_type"));
      case "triggerregistrationresult": {
        String id = reqString(frame, "id");
        String type = reqString(frame, "trigger_type");
        String fn = reqString(frame, "function_id");
        return new Inbound.TriggerRegistrationResult(id, type, fn, errorBody(frame.get("error")));
      }
      case "workerregistered":
        return new Inbound.WorkerRegistered(reqString(frame, "worker_id"));
      case "reattach":
        if (!v023) {
          throw new DecodeException("unknown variant `reattach`, expected one of " + VARIANTS);
        }
        return new Inbound.Reattach(reqString(frame, "previous_worker_id"), optString(frame, "reattach_token"));
      case "ping":
        return new Inbound.Ping();
      case "pong":
        return new Inbound.Pong();
      default:
        throw new DecodeException("unknown variant `" + tag.textValue() + "`, expected one of " + VARIANTS);
    }
  }

  private static String reqString(JsonNode obj, String field) throws DecodeException {
    JsonNode v = obj.get(field);
    if (v == null) {
      throw new DecodeException("missing field `" + field + "`");
    }
    return asString(v);
  }

  private static String asString(JsonNode v) throws DecodeException {
    if (!v.isTextual()) {
      throw new DecodeException("invalid type: " + Json.describe(v) + ", expected a string");
    }
    return v.textValue();
  }

  private static @Nullable String optString(JsonNode obj, String field) throws DecodeException {
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : asString(v);
  }

  private static JsonNode reqValue(JsonNode obj, String field) throws DecodeException {
    JsonNode v = obj.get(field);
    if (v == null) {
      throw new DecodeException("missing field `" + field + "`");
    }
    return v;
  }

  private static @Nullable JsonNode optValue(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private static UUID reqUuid(JsonNode obj, String field) throws DecodeException {
    JsonNode v = obj.get(field);
    if (v == null) {
      throw new DecodeException("missing field `" + field + "`");
    }
    return asUuid(v);
  }

  private static @Nullable UUID optUuid(JsonNode obj, String field) throws DecodeException {
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : asUuid(v);
  }

  private static UUID asUuid(JsonNode v) throws DecodeException {
    if (!v.isTextual()) {
      throw new DecodeException("invalid type: " + Json.describe(v) + ", expected a formatted UUID string");
    }
    try {
      return Uuids.parse(v.textValue());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("UUID parsing failed: " + e.getMessage());
    }
  }

  private static Inbound.@Nullable ErrorBody errorBody(@Nullable JsonNode v) throws DecodeException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new DecodeException("invalid type: " + Json.describe(v) + ", expected struct ErrorBody");
    }
    return new Inbound.ErrorBody(reqString(v, "code"), reqString(v, "message"), optString(v, "stacktrace"));
  }

  private static Inbound.@Nullable Action action(@Nullable JsonNode v) throws DecodeException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new DecodeException("invalid type: " + Json.describe(v) + ", expected internally tagged enum TriggerAction");
    }
    JsonNode tag = v.get("type");
    if (tag == null) {
      throw new DecodeException("missing field `type`");
    }
    if (!tag.isTextual()) {
      throw new DecodeException("invalid type: " + Json.describe(tag) + ", expected variant identifier");
    }
    switch (tag.textValue()) {
      case "void":
        return new Inbound.Action("void", null);
      case "enqueue":
        return new Inbound.Action("enqueue", reqString(v, "queue"));
      default:
        throw new DecodeException("unknown variant `" + tag.textValue() + "`, expected `enqueue` or `void`");
    }
  }

  /** Validates {@code registerfunction.invocation} (HttpInvocationRef) and returns it unchanged. */
  private static @Nullable JsonNode httpInvocation(@Nullable JsonNode v) throws DecodeException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new DecodeException("invalid type: " + Json.describe(v) + ", expected struct HttpInvocationRef");
    }
    reqString(v, "url");
    JsonNode method = v.get("method");
    if (method != null) {
      if (!method.isTextual() && !method.isObject()) {
        throw new DecodeException("invalid type: " + Json.describe(method) + ", expected string or map");
      }
      if (!method.isTextual() || !HTTP_METHODS.contains(method.textValue())) {
        throw new DecodeException("unknown variant `" + method.asText()
            + "`, expected one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`");
      }
    }
    JsonNode timeout = v.get("timeout_ms");
    if (timeout != null && !timeout.isNull()) {
      if (!timeout.isIntegralNumber()) {
        throw new DecodeException("invalid type: " + Json.describe(timeout) + ", expected u64");
      }
      if (timeout.bigIntegerValue().signum() < 0 || timeout.bigIntegerValue().bitLength() > 64) {
        throw new DecodeException("invalid value: " + Json.describe(timeout) + ", expected u64");
      }
    }
    JsonNode headers = v.get("headers");
    if (headers != null) {
      if (!headers.isObject()) {
        throw new DecodeException("invalid type: " + Json.describe(headers) + ", expected a map");
      }
      for (Map.Entry<String, JsonNode> header : headers.properties()) {
        asString(header.getValue());
      }
    }
    JsonNode auth = v.get("auth");
    if (auth != null && !auth.isNull()) {
      httpAuth(auth);
    }
    return v;
  }

  private static void httpAuth(JsonNode auth) throws DecodeException {
    if (!auth.isObject()) {
      throw new DecodeException("invalid type: " + Json.describe(auth) + ", expected internally tagged enum HttpAuthConfig");
    }
    JsonNode tag = auth.get("type");
    if (tag == null) {
      throw new DecodeException("missing field `type`");
    }
    String t = asString(tag);
    switch (t) {
      case "hmac":
        reqString(auth, "secret_key");
        break;
      case "bearer":
        reqString(auth, "token_key");
        break;
      case "api_key":
        reqString(auth, "header");
        reqString(auth, "value_key");
        break;
      default:
        throw new DecodeException("unknown variant `" + t + "`, expected one of `hmac`, `bearer`, `api_key`");
    }
  }
}
