package dev.iii.sdk;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The seed's {@code TriggerRequest}: the function to call, its payload (any value the payload mapper can write, or a
 * {@code JsonNode}), an optional {@link TriggerAction} and an optional timeout (default: the worker's invocation
 * timeout).
 */
public record TriggerRequest(
    String functionId, @Nullable Object payload, @Nullable TriggerAction action, @Nullable Duration timeout) {
  public TriggerRequest {
    if (functionId == null || functionId.isBlank()) {
      throw new IllegalArgumentException("functionId is required");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  public static TriggerRequest of(String functionId, @Nullable Object payload) {
    return new TriggerRequest(functionId, payload, null, null);
  }

  public TriggerRequest withAction(@Nullable TriggerAction action) {
    return new TriggerRequest(functionId, payload, action, timeout);
  }

  public TriggerRequest withTimeout(@Nullable Duration timeout) {
    return new TriggerRequest(functionId, payload, action, timeout);
  }
}
