package dev.iii.sdk.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import dev.iii.sdk.internal.wire.WireMessage.HttpAuth;
import dev.iii.sdk.internal.wire.WireMessage.HttpInvocation;
import dev.iii.sdk.internal.wire.WireMessage.TriggerAction;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Writes one message with a streaming generator, member by member, in the engine's declaration order with
 * {@code type} first. Members the engine requires even when empty ({@code data}, {@code config}, service
 * {@code name}) are always written; every other absent member is omitted, because the engine rejects some explicit
 * nulls ({@code headers}, {@code method}, service {@code name}) and omitting is always safe (PROTOCOL §1.4).
 */
final class WireWriter {
  private WireWriter() {}

  /** The only HTTP methods the engine's {@code HttpMethod} enum knows (upper case, PROTOCOL §2.14.3). */
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  static void write(JsonGenerator g, ObjectMapper mapper, WireMessage msg) throws IOException {
    if (msg instanceof WireMessage.Unknown u) {
      // Re-emit what was read; the runtime never sends these, but a round trip must not lose them.
      mapper.writeTree(g, u.raw());
      return;
    }
    g.writeStartObject();
    g.writeStringField("type", msg.type());
    // Dispatch on the tag (a string switch) rather than a type-pattern switch: the build targets Java 17.
    switch (msg.type()) {
      case "registerfunction" -> registerFunction(g, mapper, (WireMessage.RegisterFunction) msg);
      case "unregisterfunction" ->
          g.writeStringField("id", required(((WireMessage.UnregisterFunction) msg).id(), "id", msg));
      case "registerservice" -> registerService(g, (WireMessage.RegisterService) msg);
      case "registertriggertype" -> registerTriggerType(g, mapper, (WireMessage.RegisterTriggerType) msg);
      case "unregistertriggertype" ->
          g.writeStringField("id", required(((WireMessage.UnregisterTriggerType) msg).id(), "id", msg));
      case "triggerregistrationresult" ->
          triggerRegistrationResult(g, (WireMessage.TriggerRegistrationResult) msg);
      case "reattach" -> {
        WireMessage.Reattach m = (WireMessage.Reattach) msg;
        g.writeStringField("previous_worker_id", required(m.previousWorkerId(), "previous_worker_id", m));
        optString(g, "reattach_token", m.reattachToken());
      }
      case "invokefunction" -> invokeFunction(g, mapper, (WireMessage.InvokeFunction) msg);
      case "invocationresult" -> invocationResult(g, mapper, (WireMessage.InvocationResult) msg);
      case "registertrigger" -> registerTrigger(g, mapper, (WireMessage.RegisterTrigger) msg);
      case "unregistertrigger" -> {
        WireMessage.UnregisterTrigger m = (WireMessage.UnregisterTrigger) msg;
        g.writeStringField("id", required(m.id(), "id", m));
        optString(g, "trigger_type", m.triggerType());
      }
      case "ping", "pong" -> {}
      case "workerregistered" -> {
        WireMessage.WorkerRegistered m = (WireMessage.WorkerRegistered) msg;
        g.writeStringField("worker_id", required(m.workerId(), "worker_id", m));
        optString(g, "reattach_token", m.reattachToken());
      }
      case "registrationrejected" -> registrationRejected(g, (WireMessage.RegistrationRejected) msg);
      case "error" -> {
        g.writeFieldName("error");
        errorBody(g, required(((WireMessage.EngineError) msg).error(), "error", msg));
      }
      default -> throw new IllegalStateException("no writer for message type " + msg.type());
    }
    g.writeEndObject();
  }

  private static void registerService(JsonGenerator g, WireMessage.RegisterService m) throws IOException {
    String id = required(m.id(), "id", m);
    g.writeStringField("id", id);
    // The engine rejects "name": null; it treats an absent/empty name as the id, so the id is the safe default.
    g.writeStringField("name", m.name() != null ? m.name() : id);
    optString(g, "description", m.description());
    optString(g, "parent_service_id", m.parentServiceId());
  }

  private static void registerTriggerType(JsonGenerator g, ObjectMapper mapper, WireMessage.RegisterTriggerType m)
      throws IOException {
    g.writeStringField("id", required(m.id(), "id", m));
    // description is a required plain string on the engine; "" is accepted, null is not.
    g.writeStringField("description", m.description() != null ? m.description() : "");
    optJson(g, mapper, "trigger_request_format", m.triggerRequestFormat());
    optJson(g, mapper, "call_request_format", m.callRequestFormat());
    optString(g, "namespace", m.namespace());
  }

  private static void triggerRegistrationResult(JsonGenerator g, WireMessage.TriggerRegistrationResult m)
      throws IOException {
    g.writeStringField("id", required(m.id(), "id", m));
    g.writeStringField("trigger_type", required(m.triggerType(), "trigger_type", m));
    g.writeStringField("function_id", required(m.functionId(), "function_id", m));
    optError(g, m.error());
  }

  private static void invocationResult(JsonGenerator g, ObjectMapper mapper, WireMessage.InvocationResult m)
      throws IOException {
    g.writeStringField("invocation_id", required(m.invocationId(), "invocation_id", m).toString());
    g.writeStringField("function_id", required(m.functionId(), "function_id", m));
    optJson(g, mapper, "result", m.result()); // NullNode is written as an explicit null, Java null omitted
    optError(g, m.error());
    optString(g, "traceparent", m.traceparent());
    optString(g, "baggage", m.baggage());
  }

  private static void registerTrigger(JsonGenerator g, ObjectMapper mapper, WireMessage.RegisterTrigger m)
      throws IOException {
    g.writeStringField("id", required(m.id(), "id", m));
    g.writeStringField("trigger_type", required(m.triggerType(), "trigger_type", m));
    g.writeStringField("function_id", required(m.functionId(), "function_id", m));
    alwaysJson(g, mapper, "config", m.config()); // the engine rejects a missing config
    optJson(g, mapper, "metadata", m.metadata());
    optString(g, "namespace", m.namespace());
    optString(g, "trigger_namespace", m.triggerNamespace());
  }

  private static void registrationRejected(JsonGenerator g, WireMessage.RegistrationRejected m)
      throws IOException {
    g.writeStringField("code", required(m.code(), "code", m));
    optString(g, "namespace", m.namespace());
    optString(g, "worker_name", m.workerName());
    optString(g, "function_id", m.functionId());
    optString(g, "owner_worker_id", m.ownerWorkerId());
  }

  private static void registerFunction(JsonGenerator g, ObjectMapper mapper, WireMessage.RegisterFunction m)
      throws IOException {
    g.writeStringField("id", required(m.id(), "id", m));
    optString(g, "description", m.description());
    optJson(g, mapper, "request_format", m.requestFormat());
    optJson(g, mapper, "response_format", m.responseFormat());
    optJson(g, mapper, "metadata", m.metadata());
    HttpInvocation inv = m.invocation();
    if (inv == null) {
      return;
    }
    g.writeObjectFieldStart("invocation");
    g.writeStringField("url", required(inv.url(), "invocation.url", m));
    if (inv.method() != null) {
      if (!HTTP_METHODS.contains(inv.method())) {
        throw new IllegalArgumentException(
            "registerfunction " + m.id() + ": invocation.method must be one of " + HTTP_METHODS
                + " (upper case), got '" + inv.method() + "'");
      }
      g.writeStringField("method", inv.method());
    }
    if (inv.timeoutMs() != null) {
      if (inv.timeoutMs() < 0) {
        throw new IllegalArgumentException(
            "registerfunction " + m.id() + ": invocation.timeout_ms must not be negative, got " + inv.timeoutMs());
      }
      g.writeNumberField("timeout_ms", inv.timeoutMs());
    }
    if (inv.headers() != null) {
      g.writeObjectFieldStart("headers");
      for (Map.Entry<String, String> h : inv.headers().entrySet()) {
        if (h.getKey() == null || h.getValue() == null) {
          throw new IllegalArgumentException(
              "registerfunction " + m.id() + ": invocation.headers must not contain null names or values");
        }
        g.writeStringField(h.getKey(), h.getValue());
      }
      g.writeEndObject();
    }
    if (inv.auth() != null) {
      g.writeObjectFieldStart("auth");
      HttpAuth auth = inv.auth();
      if (auth instanceof HttpAuth.Bearer b) {
        g.writeStringField("type", "bearer");
        g.writeStringField("token_key", required(b.tokenKey(), "auth.token_key", m));
      } else if (auth instanceof HttpAuth.Hmac h) {
        g.writeStringField("type", "hmac");
        g.writeStringField("secret_key", required(h.secretKey(), "auth.secret_key", m));
      } else if (auth instanceof HttpAuth.ApiKey a) {
        g.writeStringField("type", "api_key");
        g.writeStringField("header", required(a.header(), "auth.header", m));
        g.writeStringField("value_key", required(a.valueKey(), "auth.value_key", m));
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void invokeFunction(JsonGenerator g, ObjectMapper mapper, WireMessage.InvokeFunction m)
      throws IOException {
    if (m.invocationId() != null) {
      g.writeStringField("invocation_id", m.invocationId().toString()); // UUID.toString: lower case, hyphenated
    }
    g.writeStringField("function_id", required(m.functionId(), "function_id", m));
    alwaysJson(g, mapper, "data", m.data()); // the engine drops an invokefunction without data
    optString(g, "traceparent", m.traceparent());
    optString(g, "baggage", m.baggage());
    TriggerAction action = m.action();
    if (action != null) {
      g.writeObjectFieldStart("action");
      if (action instanceof TriggerAction.Enqueue e) {
        g.writeStringField("type", "enqueue");
        g.writeStringField("queue", required(e.queue(), "action.queue", m));
      } else {
        g.writeStringField("type", "void");
      }
      g.writeEndObject();
    }
    optString(g, "namespace", m.namespace());
    optJson(g, mapper, "metadata", m.metadata());
  }

  private static void optError(JsonGenerator g, ErrorBody error) throws IOException {
    if (error != null) {
      g.writeFieldName("error");
      errorBody(g, error);
    }
  }

  private static void errorBody(JsonGenerator g, ErrorBody e) throws IOException {
    // code and message are required strings on the engine side; an ErrorBody without them would make the whole
    // message undecodable and leave the caller waiting, so substitute empty strings rather than write null.
    g.writeStartObject();
    g.writeStringField("code", e.code() != null ? e.code() : "");
    g.writeStringField("message", e.message() != null ? e.message() : "");
    optString(g, "stacktrace", e.stacktrace());
    g.writeEndObject();
  }

  private static void optString(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void optJson(JsonGenerator g, ObjectMapper mapper, String name, JsonNode value)
      throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      mapper.writeTree(g, value);
    }
  }

  private static void alwaysJson(JsonGenerator g, ObjectMapper mapper, String name, JsonNode value)
      throws IOException {
    g.writeFieldName(name);
    if (value == null || value.isMissingNode()) {
      g.writeNull();
    } else {
      mapper.writeTree(g, value);
    }
  }

  private static <T> T required(T value, String member, WireMessage msg) {
    if (value == null) {
      throw new IllegalArgumentException(msg.type() + ": required member '" + member + "' is null");
    }
    return value;
  }
}
