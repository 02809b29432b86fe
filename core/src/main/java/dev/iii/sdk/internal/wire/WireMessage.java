package dev.iii.sdk.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One protocol message (PROTOCOL §2). Field names follow the wire's snake_case members in camelCase.
 *
 * <p>Conventions: a Java {@code null} means "member absent" (omitted when written). Where the wire distinguishes an
 * explicit JSON {@code null} from an absent member ({@code invokefunction.data}, {@code registertrigger.config},
 * {@code invocationresult.result}), the record holds a {@link com.fasterxml.jackson.databind.node.NullNode} for the
 * explicit null.
 */
public sealed interface WireMessage {

  /** The wire {@code type} tag of this message. */
  String type();

  // ---- worker -> engine ------------------------------------------------------------------------------------

  record RegisterFunction(
      String id,
      @Nullable String description,
      @Nullable JsonNode requestFormat,
      @Nullable JsonNode responseFormat,
      @Nullable JsonNode metadata,
      @Nullable HttpInvocation invocation)
      implements WireMessage {
    @Override
    public String type() {
      return "registerfunction";
    }
  }

  record UnregisterFunction(String id) implements WireMessage {
    @Override
    public String type() {
      return "unregisterfunction";
    }
  }

  /** {@code name} is always written (the engine rejects {@code "name": null}); callers pass the id when unset. */
  record RegisterService(
      String id, String name, @Nullable String description, @Nullable String parentServiceId)
      implements WireMessage {
    @Override
    public String type() {
      return "registerservice";
    }
  }

  /** {@code description} is required by the engine; an empty string is fine. */
  record RegisterTriggerType(
      String id,
      String description,
      @Nullable JsonNode triggerRequestFormat,
      @Nullable JsonNode callRequestFormat,
      @Nullable String namespace)
      implements WireMessage {
    @Override
    public String type() {
      return "registertriggertype";
    }
  }

  /** Dropped by the 0.11.6 engine (PROTOCOL §2.7); sent for parity with the reference SDKs. */
  record UnregisterTriggerType(String id) implements WireMessage {
    @Override
    public String type() {
      return "unregistertriggertype";
    }
  }

  /** The provider's answer to an inbound {@link RegisterTrigger}; in 0.23 also engine -> worker. */
  record TriggerRegistrationResult(
      String id, String triggerType, String functionId, @Nullable ErrorBody error)
      implements WireMessage {
    @Override
    public String type() {
      return "triggerregistrationresult";
    }
  }

  /** 0.23: sent first on a reconnect (PROTOCOL §10.2). {@code reattachToken} may be absent. */
  record Reattach(String previousWorkerId, @Nullable String reattachToken) implements WireMessage {
    @Override
    public String type() {
      return "reattach";
    }
  }

  // ---- both directions -------------------------------------------------------------------------------------

  /**
   * A call. {@code data} is never Java-null: the engine rejects a missing {@code data} member, so an empty payload
   * is a {@code NullNode}. {@code action} and {@code invocationId}: see PROTOCOL §4.2. {@code namespace} and
   * {@code metadata} are 0.23 additions, written only when set.
   */
  record InvokeFunction(
      @Nullable UUID invocationId,
      String functionId,
      JsonNode data,
      @Nullable String traceparent,
      @Nullable String baggage,
      @Nullable TriggerAction action,
      @Nullable String namespace,
      @Nullable JsonNode metadata)
      implements WireMessage {
    @Override
    public String type() {
      return "invokefunction";
    }
  }

  /** {@code result}: Java null = absent, NullNode = explicit null. When {@code error} is set it wins. */
  record InvocationResult(
      UUID invocationId,
      String functionId,
      @Nullable JsonNode result,
      @Nullable ErrorBody error,
      @Nullable String traceparent,
      @Nullable String baggage)
      implements WireMessage {
    @Override
    public String type() {
      return "invocationresult";
    }
  }

  /** {@code config} is never Java-null (the engine rejects a missing member); an absent config is a NullNode. */
  record RegisterTrigger(
      String id,
      String triggerType,
      String functionId,
      JsonNode config,
      @Nullable JsonNode metadata,
      @Nullable String namespace,
      @Nullable String triggerNamespace)
      implements WireMessage {
    @Override
    public String type() {
      return "registertrigger";
    }
  }

  record UnregisterTrigger(String id, @Nullable String triggerType) implements WireMessage {
    @Override
    public String type() {
      return "unregistertrigger";
    }
  }

  record Ping() implements WireMessage {
    @Override
    public String type() {
      return "ping";
    }
  }

  record Pong() implements WireMessage {
    @Override
    public String type() {
      return "pong";
    }
  }

  // ---- engine -> worker ------------------------------------------------------------------------------------

  /** First frame of every connection. {@code reattachToken} only from 0.23 engines. */
  record WorkerRegistered(String workerId, @Nullable String reattachToken) implements WireMessage {
    @Override
    public String type() {
      return "workerregistered";
    }
  }

  /** 0.23 (PROTOCOL §10.2). Optional members may be absent. */
  record RegistrationRejected(
      String code,
      @Nullable String namespace,
      @Nullable String workerName,
      @Nullable String functionId,
      @Nullable String ownerWorkerId)
      implements WireMessage {
    @Override
    public String type() {
      return "registrationrejected";
    }
  }

  /** The handshake rejection frame (PROTOCOL §1.3), followed by a Close. Not a protocol message proper. */
  record EngineError(ErrorBody error) implements WireMessage {
    @Override
    public String type() {
      return "error";
    }
  }

  /** A well-formed message of a type this SDK does not know: ignored by the runtime (forward compatibility). */
  record Unknown(String rawType, JsonNode raw) implements WireMessage {
    @Override
    public String type() {
      return rawType;
    }
  }

  // ---- shared structures (PROTOCOL §2.14) -------------------------------------------------------------------

  /** {@code code} and {@code message} are required on the wire; {@code stacktrace} is optional. */
  record ErrorBody(String code, String message, @Nullable String stacktrace) {}

  /** {@code {"type":"void"}} or {@code {"type":"enqueue","queue":"q"}}. */
  sealed interface TriggerAction {
    record Void() implements TriggerAction {}

    record Enqueue(String queue) implements TriggerAction {}
  }

  /**
   * {@code registerfunction.invocation}. {@code method} upper case; {@code headers} omitted when null (the engine
   * rejects {@code "headers": null}).
   */
  record HttpInvocation(
      String url,
      @Nullable String method,
      @Nullable Long timeoutMs,
      @Nullable Map<String, String> headers,
      @Nullable HttpAuth auth) {}

  /** The {@code *_key} fields name environment variables on the engine host, never secrets. */
  sealed interface HttpAuth {
    record Bearer(String tokenKey) implements HttpAuth {}

    record Hmac(String secretKey) implements HttpAuth {}

    record ApiKey(String header, String valueKey) implements HttpAuth {}
  }
}
