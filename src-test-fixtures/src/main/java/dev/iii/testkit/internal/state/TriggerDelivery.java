package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.internal.InvocationRouter;
import dev.iii.testkit.internal.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the triggers matching one change event one after another (each awaited, as the engine's background task
 * does), without making the originating call wait. Each trigger also gets its events in the order they happened:
 * its next delivery starts only when the previous one ended, so a worker that never answers stalls its chain
 * (ENGINE §4.5), never anyone's store call. Not thread-safe: callers hold their module's lock, which is what
 * makes the order of {@link #fire} calls the order of the changes.
 */
final class TriggerDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerDelivery.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  /**
   * Where deliveries start. Not the common pool: with 2 CPUs its parallelism is 1 and CompletableFuture then
   * starts a new thread per task. Tasks only start an invocation (they never wait), so a shared pool of reused
   * daemon threads serves every engine of the JVM; idle threads end after a minute.
   */
  private static final Executor STARTER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "iii-test-engine-change-triggers");
    t.setDaemon(true);
    return t;
  });

  private final InvocationRouter router;
  private final String kind;
  /** The end of the last delivery queued per trigger id. */
  private final Map<String, CompletableFuture<Void>> lastDelivery = new HashMap<>();

  TriggerDelivery(InvocationRouter router, String kind) {
    this.router = router;
    this.kind = kind;
  }

  void fire(List<ChangeTrigger> matching, JsonNode payload) {
    CompletableFuture<Void> previousInEvent = DONE;
    for (ChangeTrigger t : matching) {
      CompletableFuture<Void> previousOfTrigger = lastDelivery.getOrDefault(t.id(), DONE);
      // Async: the first delivery must not run on the caller's thread before its own result is sent.
      CompletableFuture<Void> delivered = CompletableFuture.allOf(previousInEvent, previousOfTrigger)
          .thenComposeAsync(v -> deliver(t, payload), STARTER)
          .handle((v, ex) -> {
            if (ex != null) {
              LOG.error("{} trigger {} delivery failed", kind, t.id(), ex);
            }
            return null;
          });
      lastDelivery.put(t.id(), delivered);
      previousInEvent = delivered;
    }
  }

  /** The trigger is gone: its chain is no longer needed (a delivery already queued still runs). */
  void forget(String triggerId) {
    lastDelivery.remove(triggerId);
  }

  private CompletableFuture<Void> deliver(ChangeTrigger t, JsonNode payload) {
    CompletableFuture<Boolean> proceed;
    if (t.conditionFunctionId() == null) {
      proceed = CompletableFuture.completedFuture(true);
    } else {
      // Same payload to the condition; only a literal false skips, an error skips too (ENGINE §5.4).
      proceed = router.call(t.conditionFunctionId(), payload, null, null).toCompletableFuture().thenApply(o -> {
        if (o.isError()) {
          LOG.warn("{} trigger {}: condition {} failed ({}), handler skipped", kind, t.id(),
              t.conditionFunctionId(), o.error().message());
          return false;
        }
        return !(o.result() != null && o.result().isBoolean() && !o.result().booleanValue());
      });
    }
    return proceed.thenCompose(go -> go
        ? router.call(t.functionId(), payload, null, null).toCompletableFuture().thenAccept(o -> logFailure(t, o))
        : DONE);
  }

  private void logFailure(ChangeTrigger t, Outcome o) {
    if (o.isError()) {
      LOG.warn("{} trigger {} -> {} failed: {} {}", kind, t.id(), t.functionId(), o.error().code(),
          o.error().message());
    }
  }
}
