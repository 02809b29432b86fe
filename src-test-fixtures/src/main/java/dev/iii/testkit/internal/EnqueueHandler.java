package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The {@code enqueue} action (ENGINE §8.2); a queue module replaces the default, which has no queues. */
@FunctionalInterface
public interface EnqueueHandler {
  /** Stores the job and answers {@code {"messageReceiptId":…}}, or an {@code enqueue_error}. */
  CompletionStage<Outcome> enqueue(String queue, String functionId, JsonNode data, @Nullable String traceparent,
      @Nullable String baggage);

  /** No queues are configured by default on the real engine either. */
  EnqueueHandler NO_QUEUES = (queue, fn, data, tp, bg) ->
      CompletableFuture.completedFuture(Outcome.error("enqueue_error", "Queue '" + queue + "' not found"));
}
