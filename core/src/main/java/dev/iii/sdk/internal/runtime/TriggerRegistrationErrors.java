package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.InvocationException;
import dev.iii.sdk.internal.wire.WireMessage;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest refusal of each of this worker's triggers, as 0.23 engines forward it in {@code
 * triggerregistrationresult} (PROTOCOL §10.5), so {@link dev.iii.sdk.TriggerRef#registrationError()} can show it.
 * A later success (e.g. after a replay) clears it; unregistering forgets it. Thread-safe: the router writes, any
 * user thread reads.
 */
final class TriggerRegistrationErrors {
  private final ConcurrentMap<String, InvocationException> byTriggerId = new ConcurrentHashMap<>();

  void record(WireMessage.TriggerRegistrationResult r) {
    if (r.error() == null) {
      byTriggerId.remove(r.id());
      return;
    }
    byTriggerId.put(
        r.id(),
        new InvocationException(
            r.error().code(),
            "trigger " + r.id() + " of type " + r.triggerType() + " (function " + r.functionId()
                + ") was refused: " + r.error().message(),
            r.error().stacktrace(),
            r.functionId(),
            null,
            null));
  }

  Optional<InvocationException> get(String triggerId) {
    return Optional.ofNullable(byTriggerId.get(triggerId));
  }

  void forget(String triggerId) {
    byTriggerId.remove(triggerId);
  }
}
