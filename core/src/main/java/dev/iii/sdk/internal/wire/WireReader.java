package dev.iii.sdk.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import dev.iii.sdk.internal.wire.WireMessage.HttpAuth;
import dev.iii.sdk.internal.wire.WireMessage.HttpInvocation;
import dev.iii.sdk.internal.wire.WireMessage.TriggerAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a parsed JSON object into a {@link WireMessage}, accepting and rejecting what the engine's serde decoder
 * accepts and rejects (PROTOCOL §1.4, checked against the vectors): members in any order, unknown members ignored,
 * {@code null} equal to absent for optional members, but a missing {@code data}/{@code config}, a
 * {@code null} where a plain string is required, ill-typed members and malformed UUIDs are errors.
 */
final class WireReader {
  private WireReader() {}

  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  static WireMessage read(JsonNode root) throws WireDecodeException {
    if (root == null || root.isMissingNode()) {
      throw new WireDecodeException("empty frame");
    }
    if (!(root instanceof ObjectNode obj)) {
      throw new WireDecodeException("frame is not a JSON object but " + describe(root));
    }
    JsonNode typeNode = obj.get("type");
    if (typeNode == null) {
      throw new WireDecodeException("frame has no 'type' member");
    }
    if (!typeNode.isTextual()) {
      throw new WireDecodeException("'type' must be a string, got " + describe(typeNode));
    }
    String type = typeNode.textValue();
    // Case-sensitive on purpose: the engine rejects "Ping" (PROTOCOL §1.4); here such a tag is simply unknown.
    switch (type) {
      case "registerfunction":
        return registerFunction(obj);
      case "unregisterfunction":
        return new WireMessage.UnregisterFunction(reqString(obj, type, "id"));
      case "registerservice":
        return registerService(obj);
      case "registertriggertype":
        return new WireMessage.RegisterTriggerType(
            reqString(obj, type, "id"),
            reqString(obj, type, "description"),
            optJson(obj, "trigger_request_format"),
            optJson(obj, "call_request_format"),
            optString(obj, type, "namespace"));
      case "unregistertriggertype":
        return new WireMessage.UnregisterTriggerType(reqString(obj, type, "id"));
      case "triggerregistrationresult":
        return new WireMessage.TriggerRegistrationResult(
            reqString(obj, type, "id"),
            reqString(obj, type, "trigger_type"),
            reqString(obj, type, "function_id"),
            optError(obj, type));
      case "reattach":
        return new WireMessage.Reattach(
            reqString(obj, type, "previous_worker_id"), optString(obj, type, "reattach_token"));
      case "invokefunction":
        return invokeFunction(obj);
      case "invocationresult":
        return invocationResult(obj);
      case "registertrigger":
        return new WireMessage.RegisterTrigger(
            reqString(obj, type, "id"),
            reqString(obj, type, "trigger_type"),
            reqString(obj, type, "function_id"),
            reqJson(obj, type, "config"),
            optJson(obj, "metadata"),
            optString(obj, type, "namespace"),
            optString(obj, type, "trigger_namespace"));
      case "unregistertrigger":
        return new WireMessage.UnregisterTrigger(
            reqString(obj, type, "id"), optString(obj, type, "trigger_type"));
      case "ping":
        return new WireMessage.Ping();
      case "pong":
        return new WireMessage.Pong();
      case "workerregistered":
        return new WireMessage.WorkerRegistered(
            reqString(obj, type, "worker_id"), optString(obj, type, "reattach_token"));
      case "registrationrejected":
        return new WireMessage.RegistrationRejected(
            reqString(obj, type, "code"),
            optString(obj, type, "namespace"),
            optString(obj, type, "worker_name"),
            optString(obj, type, "function_id"),
            optString(obj, type, "owner_worker_id"));
      case "error":
        {
          ErrorBody body = optError(obj, type);
          if (body == null) {
            throw new WireDecodeException("error: missing member 'error'");
          }
          return new WireMessage.EngineError(body);
        }
      default:
        return new WireMessage.Unknown(type, obj);
    }
  }

  private static WireMessage registerService(ObjectNode obj) throws WireDecodeException {
    String type = "registerservice";
    // Absent name decodes to "" (serde's default), which the engine then replaces by the id; null is an error.
    JsonNode name = obj.get("name");
    String nameValue = name == null ? "" : reqString(obj, type, "name");
    return new WireMessage.RegisterService(
        reqString(obj, type, "id"),
        nameValue,
        optString(obj, type, "description"),
        optString(obj, type, "parent_service_id"));
  }

  private static WireMessage invokeFunction(ObjectNode obj) throws WireDecodeException {
    String type = "invokefunction";
    JsonNode idNode = obj.get("invocation_id");
    UUID id = idNode == null || idNode.isNull() ? null : uuid(idNode, type, "invocation_id");
    return new WireMessage.InvokeFunction(
        id,
        reqString(obj, type, "function_id"),
        reqJson(obj, type, "data"),
        optString(obj, type, "traceparent"),
        optString(obj, type, "baggage"),
        action(obj.get("action")),
        optString(obj, type, "namespace"),
        optJson(obj, "metadata"));
  }

  private static WireMessage invocationResult(ObjectNode obj) throws WireDecodeException {
    String type = "invocationresult";
    JsonNode idNode = obj.get("invocation_id");
    if (idNode == null) {
      throw missing(type, "invocation_id");
    }
    // result: absent stays Java null, an explicit null is kept as NullNode (the record's convention).
    JsonNode result = obj.get("result");
    return new WireMessage.InvocationResult(
        uuid(idNode, type, "invocation_id"),
        reqString(obj, type, "function_id"),
        result,
        optError(obj, type),
        optString(obj, type, "traceparent"),
        optString(obj, type, "baggage"));
  }

  private static WireMessage registerFunction(ObjectNode obj) throws WireDecodeException {
    String type = "registerfunction";
    return new WireMessage.RegisterFunction(
        reqString(obj, type, "id"),
        optString(obj, type, "description"),
        optJson(obj, "request_format"),
        optJson(obj, "response_format"),
        optJson(obj, "metadata"),
        httpInvocation(obj.get("invocation")));
  }

  private static HttpInvocation httpInvocation(JsonNode node) throws WireDecodeException {
    if (node == null || node.isNull()) {
      return null;
    }
    String where = "registerfunction.invocation";
    ObjectNode inv = object(node, where);
    String method = null;
    JsonNode methodNode = inv.get("method");
    if (methodNode != null) {
      // Absent means POST on the engine, but an explicit null is rejected there; mirror both.
      if (!methodNode.isTextual() || !HTTP_METHODS.contains(methodNode.textValue())) {
        throw new WireDecodeException(
            where + ": 'method' must be one of " + HTTP_METHODS + ", got " + describe(methodNode));
      }
      method = methodNode.textValue();
    }
    Long timeoutMs = null;
    JsonNode timeoutNode = inv.get("timeout_ms");
    if (timeoutNode != null && !timeoutNode.isNull()) {
      if (!timeoutNode.isIntegralNumber() || !timeoutNode.canConvertToLong() || timeoutNode.longValue() < 0) {
        throw new WireDecodeException(
            where + ": 'timeout_ms' must be a non-negative integer, got " + describe(timeoutNode));
      }
      timeoutMs = timeoutNode.longValue();
    }
    Map<String, String> headers = null;
    JsonNode headersNode = inv.get("headers");
    if (headersNode != null) {
      // An explicit null is rejected by the engine (a map with a default only when absent).
      ObjectNode h = object(headersNode, where + ".headers");
      headers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        if (!e.getValue().isTextual()) {
          throw new WireDecodeException(
              where + ".headers: value of '" + e.getKey() + "' must be a string, got " + describe(e.getValue()));
        }
        headers.put(e.getKey(), e.getValue().textValue());
      }
    }
    return new HttpInvocation(
        reqString(inv, where, "url"), method, timeoutMs, headers, httpAuth(inv.get("auth")));
  }

  private static HttpAuth httpAuth(JsonNode node) throws WireDecodeException {
    if (node == null || node.isNull()) {
      return null;
    }
    String where = "registerfunction.invocation.auth";
    ObjectNode auth = object(node, where);
    String tag = reqString(auth, where, "type");
    switch (tag) {
      case "bearer":
        return new HttpAuth.Bearer(reqString(auth, where, "token_key"));
      case "hmac":
        return new HttpAuth.Hmac(reqString(auth, where, "secret_key"));
      case "api_key":
        return new HttpAuth.ApiKey(reqString(auth, where, "header"), reqString(auth, where, "value_key"));
      default:
        throw new WireDecodeException(where + ": unknown type '" + tag + "' (bearer, hmac or api_key)");
    }
  }

  private static TriggerAction action(JsonNode node) throws WireDecodeException {
    if (node == null || node.isNull()) {
      return null; // "action": null is accepted by the engine and means no action
    }
    String where = "invokefunction.action";
    ObjectNode action = object(node, where);
    String tag = reqString(action, where, "type");
    switch (tag) {
      case "void":
        return new TriggerAction.Void();
      case "enqueue":
        return new TriggerAction.Enqueue(reqString(action, where, "queue"));
      default:
        throw new WireDecodeException(where + ": unknown type '" + tag + "' (void or enqueue)");
    }
  }

  private static ErrorBody optError(ObjectNode obj, String type) throws WireDecodeException {
    JsonNode node = obj.get("error");
    if (node == null || node.isNull()) {
      return null;
    }
    String where = type + ".error";
    ObjectNode err = object(node, where);
    return new ErrorBody(
        reqString(err, where, "code"), reqString(err, where, "message"), optString(err, where, "stacktrace"));
  }

  // ---- member helpers ----------------------------------------------------------------------------------------

  private static String reqString(ObjectNode obj, String where, String name) throws WireDecodeException {
    JsonNode v = obj.get(name);
    if (v == null) {
      throw missing(where, name);
    }
    if (!v.isTextual()) {
      throw new WireDecodeException(where + ": '" + name + "' must be a string, got " + describe(v));
    }
    return v.textValue();
  }

  private static String optString(ObjectNode obj, String where, String name) throws WireDecodeException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new WireDecodeException(where + ": '" + name + "' must be a string, got " + describe(v));
    }
    return v.textValue();
  }

  /** A member that must be present but may be any JSON value, including {@code null} (kept as NullNode). */
  private static JsonNode reqJson(ObjectNode obj, String where, String name) throws WireDecodeException {
    JsonNode v = obj.get(name);
    if (v == null) {
      throw missing(where, name);
    }
    return v.isNull() ? NullNode.getInstance() : v;
  }

  /** An optional any-JSON member; like serde's {@code Option<Value>}, an explicit null counts as absent. */
  private static JsonNode optJson(ObjectNode obj, String name) {
    JsonNode v = obj.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static UUID uuid(JsonNode v, String where, String name) throws WireDecodeException {
    if (!v.isTextual()) {
      throw new WireDecodeException(where + ": '" + name + "' must be a UUID string, got " + describe(v));
    }
    UUID id = WireUuids.parseOrNull(v.textValue());
    if (id == null) {
      throw new WireDecodeException(where + ": '" + name + "' is not a UUID: " + clip(v.textValue()));
    }
    return id;
  }

  private static ObjectNode object(JsonNode v, String where) throws WireDecodeException {
    if (v instanceof ObjectNode o) {
      return o;
    }
    throw new WireDecodeException(where + " must be an object, got " + describe(v));
  }

  private static WireDecodeException missing(String where, String name) {
    return new WireDecodeException(where + ": missing member '" + name + "'");
  }

  /** Names the JSON type of a value, quoting short strings, so errors never echo large payloads. */
  private static String describe(JsonNode v) {
    JsonNodeType t = v.getNodeType();
    switch (t) {
      case STRING:
        return "string \"" + clip(v.textValue()) + "\"";
      case NUMBER:
        return "number " + clip(v.asText());
      case BOOLEAN:
        return "boolean " + v.asText();
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
