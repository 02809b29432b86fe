package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The seed's {@code TriggerRequest}: the function to call, its payload (any value the payload mapper can write, or a
 * {@code JsonNode}), an optional {@link TriggerAction} and an optional timeout (default: the worker's invocation
 * timeout). 0.23 engines also honour an optional {@code namespace} (where to find the function; absent means the
 * engine's {@code default} namespace, never the caller's) and optional invocation {@code metadata} (free-form JSON
 * the handler sees as {@link InvocationContext#metadata()}); both are sent only when set, and 0.11.6 ignores them.
 */
public record TriggerRequest(
    String functionId,
    @Nullable Object payload,
    @Nullable TriggerAction action,
    @Nullable Duration timeout,
    @Nullable String namespace,
    @Nullable JsonNode metadata) {
  public TriggerRequest {
    if (functionId == null || functionId.isBlank()) {
      throw new IllegalArgumentException("functionId is required");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    // PROTOCOL §10: engines refuse a blank namespace (INVALID_NAMESPACE); say so here, before anything is sent.
    if (namespace != null && namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must not be blank (use null for the default namespace)");
    }
    if (metadata != null && (metadata.isNull() || metadata.isMissingNode())) {
      throw new IllegalArgumentException("metadata must be a JSON value (use null for none)");
    }
  }

  public TriggerRequest(
      String functionId, @Nullable Object payload, @Nullable TriggerAction action, @Nullable Duration timeout) {
    this(functionId, payload, action, timeout, null, null);
  }

  public static TriggerRequest of(String functionId, @Nullable Object payload) {
    return new TriggerRequest(functionId, payload, null, null, null, null);
  }

  public TriggerRequest withAction(@Nullable TriggerAction action) {
    return new TriggerRequest(functionId, payload, action, timeout, namespace, metadata);
  }

  public TriggerRequest withTimeout(@Nullable Duration timeout) {
    return new TriggerRequest(functionId, payload, action, timeout, namespace, metadata);
  }

  public TriggerRequest withNamespace(@Nullable String namespace) {
    return new TriggerRequest(functionId, payload, action, timeout, namespace, metadata);
  }

  public TriggerRequest withMetadata(@Nullable JsonNode metadata) {
    return new TriggerRequest(functionId, payload, action, timeout, namespace, metadata);
  }
}
