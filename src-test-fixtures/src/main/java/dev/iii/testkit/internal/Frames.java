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

  public static ObjectNode registerTrigger(String id, String triggerType, String functionId, JsonNode config,
      @Nullable JsonNode metadata) {
    ObjectNode o = Json.object();
    o.put("type", "registertrigger");
    o.put("id", id);
    o.put("trigger_type", triggerType);
    o.put("function_id", functionId);
    o.set("config", config);
    if (metadata != null) {
      o.set("metadata", metadata);
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
