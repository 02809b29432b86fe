package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A decoded worker-to-engine protocol message (PROTOCOL §2). Optional members are {@code null} when absent. */
public sealed interface Inbound {

  /** Error body of results and trigger acknowledgements: code and message required. */
  record ErrorBody(String code, String message, @Nullable String stacktrace) {}

  /** {@code action} of an invocation: {@code void} or {@code enqueue} (with its queue). */
  record Action(String type, @Nullable String queue) {
    public boolean isVoid() {
      return "void".equals(type);
    }

    public boolean isEnqueue() {
      return "enqueue".equals(type);
    }
  }

  record RegisterFunction(String id, @Nullable String description, @Nullable JsonNode requestFormat,
      @Nullable JsonNode responseFormat, @Nullable JsonNode metadata, @Nullable JsonNode invocation)
      implements Inbound {}

  record UnregisterFunction(String id) implements Inbound {}

  record RegisterService(String id, String name, @Nullable String description, @Nullable String parentServiceId)
      implements Inbound {}

  /**
   * {@code data} is never Java-null: an explicit JSON null is a {@code NullNode}. {@code namespace} and
   * {@code metadata} are only decoded in 0.23 mode (PROTOCOL §10.1); the 0.11.6 engine ignores them.
   */
  record InvokeFunction(@Nullable UUID invocationId, String functionId, JsonNode data, @Nullable String traceparent,
      @Nullable String baggage, @Nullable Action action, @Nullable String namespace, @Nullable JsonNode metadata)
      implements Inbound {
    InvokeFunction(@Nullable UUID invocationId, String functionId, JsonNode data, @Nullable String traceparent,
        @Nullable String baggage, @Nullable Action action) {
      this(invocationId, functionId, data, traceparent, baggage, action, null, null);
    }
  }

  /** {@code result} is Java-null when absent; it may be a {@code NullNode} when sent as JSON null. */
  record InvocationResult(UUID invocationId, String functionId, @Nullable JsonNode result, @Nullable ErrorBody error,
      @Nullable String traceparent, @Nullable String baggage) implements Inbound {}

  record RegisterTriggerType(String id, String description, @Nullable JsonNode triggerRequestFormat,
      @Nullable JsonNode callRequestFormat) implements Inbound {}

  /** {@code config} is never Java-null (the key is required); metadata is null when absent or JSON null. */
  record RegisterTrigger(String id, String triggerType, String functionId, JsonNode config,
      @Nullable JsonNode metadata, @Nullable String namespace) implements Inbound {
    RegisterTrigger(String id, String triggerType, String functionId, JsonNode config, @Nullable JsonNode metadata) {
      this(id, triggerType, functionId, config, metadata, null);
    }
  }

  record UnregisterTrigger(String id, @Nullable String triggerType) implements Inbound {}

  record TriggerRegistrationResult(String id, String triggerType, String functionId, @Nullable ErrorBody error)
      implements Inbound {}

  record WorkerRegistered(String workerId) implements Inbound {}

  /** 0.23 only (PROTOCOL §10.2): the first message of a reconnect, naming the previous connection. */
  record Reattach(String previousWorkerId, @Nullable String reattachToken) implements Inbound {}

  record Ping() implements Inbound {}

  record Pong() implements Inbound {}
}
