package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds the frames the engine sends (ENGINE §2.3). Members are written in the engine's declaration order and
 * optional members are omitted, never written as null.
 */
public final class Frames {
  private Frames() {}

  public static ObjectNode workerRegistered(UUID workerId) {
    ObjectNode o = Json.object();
    o.put("type", "workerregistered");
    o.put("worker_id", workerId.toString());
    return o;
  }

  /** 0.23: {@code workerregistered} with the secret a later {@code reattach} must present. */
  public static ObjectNode workerRegistered(UUID workerId, String reattachToken) {
    ObjectNode o = workerRegistered(workerId);
    o.put("reattach_token", reattachToken);
    return o;
  }

  /** 0.23 (PROTOCOL §10.2): a refused function or worker registration; null members are omitted. */
  public static ObjectNode registrationRejected(String code, String namespace, @Nullable String workerName,
      @Nullable String functionId, String ownerWorkerId) {
    ObjectNode o = Json.object();
    o.put("type", "registrationrejected");
    o.put("code", code);
    o.put("namespace", namespace);
    if (workerName != null) {
      o.put("worker_name", workerName);
    }
    if (functionId != null) {
      o.put("function_id", functionId);
    }
    o.put("owner_worker_id", ownerWorkerId);
    return o;
  }

  /** 0.23: a trigger's registration result sent to the worker that registered it. */
  public static ObjectNode triggerRegistrationResult(String id, String triggerType, String functionId,
      Inbound.@Nullable ErrorBody error) {
    ObjectNode o = Json.object();
    o.put("type", "triggerregistrationresult");
    o.put("id", id);
    o.put("trigger_type", triggerType);
    o.put("function_id", functionId);
    if (error != null) {
      o.set("error", errorBody(error));
    }
    return o;
  }

  /** The handshake rejection (PROTOCOL §1.3): not a protocol variant, always followed by a Close frame. */
  public static ObjectNode authError(String message) {
    ObjectNode o = Json.object();
    o.put("type", "error");
    ObjectNode error = o.putObject("error");
    error.put("code", "AUTH_ERROR");
    error.put("message", message);
    return o;
  }

  public static ObjectNode pong() {
    ObjectNode o = Json.object();
    o.put("type", "pong");
    return o;
  }

  public static ObjectNode invokeFunction(UUID invocationId, String functionId, JsonNode data,
      @Nullable String traceparent, @Nullable String baggage) {
    return invokeFunction(invocationId, functionId, data, traceparent, baggage, null);
  }

  /** With the caller's 0.23 {@code metadata}, forwarded to the callee beside {@code data} (PROTOCOL §10.1). */
  public static ObjectNode invokeFunction(UUID invocationId, String functionId, JsonNode data,
      @Nullable String traceparent, @Nullable String baggage, @Nullable JsonNode metadata) {
    ObjectNode o = Json.object();
    o.put("type", "invokefunction");
    o.put("invocation_id", invocationId.toString());
    o.put("function_id", functionId);
    o.set("data", data);
    if (traceparent != null) {
      o.put("traceparent", traceparent);
    }
    if (baggage != null) {
      o.put("baggage", baggage);
    }
    if (metadata != null) {
      o.set("metadata", metadata);
    }
    return o;
  }

  public static ObjectNode invocationResult(UUID invocationId, String functionId, Outcome outcome,
      @Nullable String traceparent, @Nullable String baggage) {
    ObjectNode o = Json.object();
    o.put("type", "invocationresult");
    o.put("invocation_id", invocationId.toString());
    o.put("function_id", functionId);
    if (outcome.error() != null) {
      o.set("error", errorBody(outcome.error()));
    } else if (outcome.result() != null) {
      o.set("result", outcome.result());
    }
    if (traceparent != null) {
      o.put("traceparent", traceparent);
    }
    if (baggage != null) {
      o.put("baggage", baggage);
    }
    return o;
  }

  public static ObjectNode errorBody(Inbound.ErrorBody error) {
    ObjectNode e = Json.object();
    e.put("code", error.code());
    e.put("message", error.message());
    if (error.stacktrace() != null) {
      e.put("stacktrace", error.stacktrace());
    }
    return e;
  }

  /** To a provider; 0.23 adds the target's {@code namespace} only when it is not {@code default} (PROTOCOL §10.1). */
  public static ObjectNode registerTrigger(String id, String triggerType, String functionId, JsonNode config,
      @Nullable JsonNode metadata, @Nullable String namespace) {
    ObjectNode o = Json.object();
    o.put("type", "registertrigger");
    o.put("id", id);
    o.put("trigger_type", triggerType);
    o.put("function_id", functionId);
    o.set("config", config);
    if (metadata != null) {
      o.set("metadata", metadata);
    }
    if (namespace != null && !namespace.equals(Namespaces.DEFAULT)) {
      o.put("namespace", namespace);
    }
    return o;
  }

  public static ObjectNode unregisterTrigger(String id, String triggerType) {
    ObjectNode o = Json.object();
    o.put("type", "unregistertrigger");
    o.put("id", id);
    o.put("trigger_type", triggerType);
    return o;
  }
}
