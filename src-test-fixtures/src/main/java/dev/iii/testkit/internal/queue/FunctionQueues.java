package dev.iii.testkit.internal.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.internal.EnqueueHandler;
import dev.iii.testkit.internal.InvocationRouter;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The named function queues of {@code iii-queue.queue_configs} and the {@code enqueue} action (ENGINE §8.2):
 * validation answers the {@code enqueue_error} messages of Appendix B, success answers
 * {@code {"messageReceiptId":…}} once stored, and each job reaches its function as an engine call (no
 * {@code _caller_worker_id}; the target's existence is not checked, a missing one is just a failed attempt).
 */
final class FunctionQueues implements EnqueueHandler {
  static final String KEY_PREFIX = "__fn_queue::";

  private final EngineClock clock;
  private final Map<String, QueueConfig> configs;
  private final Map<String, JobQueue> queues = new LinkedHashMap<>();

  FunctionQueues(Map<String, QueueConfig> configs, EngineClock clock, Executor executor, InvocationRouter router) {
    this.clock = clock;
    this.configs = Map.copyOf(configs);
    configs.forEach((name, c) -> queues.put(name, new JobQueue(KEY_PREFIX + name, c.maxRetries(), c.backoffMs(),
        c.type() == QueueConfig.Type.FIFO ? 1 : c.concurrency(), false, clock, executor,
        job -> router.call(job.functionId, job.data, job.traceparent, job.baggage))));
  }

  void close() {
    queues.values().forEach(JobQueue::close);
  }

  @Nullable JobQueue queue(String name) {
    return queues.get(name);
  }

  @Override
  public CompletionStage<Outcome> enqueue(String queue, String functionId, JsonNode data, @Nullable String traceparent,
      @Nullable String baggage) {
    JobQueue q = queues.get(queue);
    if (q == null) {
      return answer(Outcome.error("enqueue_error", "Queue '" + queue + "' not found"));
    }
    QueueConfig config = configs.get(queue);
    String groupId = null;
    if (config.type() == QueueConfig.Type.FIFO) {
      String field = config.messageGroupField();
      JsonNode value = data.isObject() ? data.get(field) : null;
      if (value == null) {
        return answer(Outcome.error("enqueue_error",
            "FIFO queue '" + queue + "' requires field '" + field + "' in data, but it was not found"));
      }
      if (value.isNull()) {
        return answer(Outcome.error("enqueue_error", "FIFO queue '" + queue + "': field '" + field + "' must not be null"));
      }
      groupId = value.isTextual() ? value.textValue() : value.toString();
    }
    String receipt = UUID.randomUUID().toString();
    // The caller's payload unchanged: enqueue never gets _caller_worker_id (ENGINE §14.3 item 1).
    q.push(new Job(receipt, functionId, data, traceparent, baggage, groupId, clock.now()));
    ObjectNode result = Json.object();
    result.put("messageReceiptId", receipt);
    return answer(Outcome.ok(result));
  }

  private static CompletionStage<Outcome> answer(Outcome o) {
    return CompletableFuture.completedFuture(o);
  }
}
