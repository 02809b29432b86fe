package dev.iii.testkit.internal.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.InvocationRouter;
import dev.iii.testkit.internal.Outcome;
import dev.iii.testkit.internal.TriggerEntry;
import dev.iii.testkit.internal.TriggerRegistrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic queues (ENGINE §5.10, §8.3): every {@code durable:subscriber} trigger consumes the internal queue
 * {@code <topic>::<function_id>}; {@code iii::durable::publish} pushes one job per distinct subscribed
 * function, so triggers of one function compete for its jobs. With no subscriber the message goes to a queue
 * nobody reads — it is lost (counted in {@link #lostCount(String)}). Jobs use the adapter defaults (3 attempts,
 * 1000 ms backoff); the per-trigger {@code maxRetries}/{@code backoffDelayMs} are ignored, as by the engine.
 */
final class DurableTopics implements TriggerRegistrator {
  private static final Logger LOG = LoggerFactory.getLogger(DurableTopics.class);
  static final int ADAPTER_MAX_ATTEMPTS = 3;
  static final long ADAPTER_BACKOFF_MS = 1000;
  static final int ADAPTER_CONCURRENCY = 10;

  private final EngineClock clock;
  private final Executor executor;
  private final InvocationRouter router;

  private final Object lock = new Object();
  /** Consumer queues by key {@code <topic>::<function_id>}; kept after the last subscriber leaves (DLQ). */
  private final Map<String, TopicQueue> queues = new LinkedHashMap<>();
  /** Trigger id → queue key, for unregistering and overwrites. */
  private final Map<String, String> subscriptions = new LinkedHashMap<>();
  private final Map<String, Integer> lost = new LinkedHashMap<>();

  private static final class TopicQueue {
    final String topic;
    final String functionId;
    final JobQueue jobs;
    final Set<String> triggerIds = new LinkedHashSet<>();

    TopicQueue(String topic, String functionId, JobQueue jobs) {
      this.topic = topic;
      this.functionId = functionId;
      this.jobs = jobs;
    }
  }

  DurableTopics(EngineClock clock, Executor executor, InvocationRouter router) {
    this.clock = clock;
    this.executor = executor;
    this.router = router;
  }

  @Override
  public CompletionStage<Void> register(TriggerEntry t) {
    JsonNode config = t.config();
    String topic = config.path("topic").isTextual() ? config.path("topic").textValue() : "";
    JsonNode queueConfig = config.path("queue_config");
    boolean fifo = "fifo".equals(queueConfig.path("type").asText(""));
    int concurrency = queueConfig.path("concurrency").canConvertToInt() && queueConfig.path("concurrency").asInt() > 0
        ? queueConfig.path("concurrency").asInt() : ADAPTER_CONCURRENCY;
    String condition = config.path("condition_function_id").isTextual()
        ? config.path("condition_function_id").textValue() : null;
    synchronized (lock) {
      removeSubscription(t.id()); // same id again = overwrite
      if (topic.isEmpty()) {
        LOG.warn("durable:subscriber trigger {} has no topic: accepted, subscribes to nothing", t.id());
        return done();
      }
      String key = topic + "::" + t.functionId();
      TopicQueue q = queues.computeIfAbsent(key, k -> new TopicQueue(topic, t.functionId(),
          // publish never sets a message group, so a FIFO topic is one group: one job at a time, retried inline.
          new JobQueue(k, ADAPTER_MAX_ATTEMPTS, ADAPTER_BACKOFF_MS, fifo ? 1 : concurrency, fifo, clock, executor,
              job -> deliver(job, condition))));
      q.triggerIds.add(t.id());
      subscriptions.put(t.id(), key);
      q.jobs.setConsuming(true);
    }
    return done();
  }

  @Override
  public CompletionStage<Void> unregister(TriggerEntry t) {
    synchronized (lock) {
      removeSubscription(t.id());
    }
    return done();
  }

  private void removeSubscription(String triggerId) {
    String key = subscriptions.remove(triggerId);
    if (key == null) {
      return;
    }
    TopicQueue q = queues.get(key);
    q.triggerIds.remove(triggerId);
    if (q.triggerIds.isEmpty()) {
      q.jobs.setConsuming(false); // the consumer stops; waiting jobs stay for a later subscriber
    }
  }

  /** {@code iii::durable::publish}: one job per distinct subscribed function, or lost without subscribers. */
  void publish(String topic, JsonNode data, @Nullable String traceparent, @Nullable String baggage) {
    List<TopicQueue> targets = new ArrayList<>();
    synchronized (lock) {
      for (TopicQueue q : queues.values()) {
        if (q.topic.equals(topic) && !q.triggerIds.isEmpty()) {
          targets.add(q);
        }
      }
      if (targets.isEmpty()) {
        LOG.info("durable publish to topic {} without subscribers: the message is lost", topic);
        lost.merge(topic, 1, Integer::sum);
        return;
      }
    }
    for (TopicQueue q : targets) {
      q.jobs.push(new Job(UUID.randomUUID().toString(), q.functionId, data, traceparent, baggage, null, clock.now()));
    }
  }

  /** Condition first (ENGINE §5.4): literal {@code false} acks without a call, an error is a failed attempt. */
  private CompletionStage<Outcome> deliver(Job job, @Nullable String conditionFunctionId) {
    if (conditionFunctionId == null || conditionFunctionId.isEmpty()) {
      return router.call(job.functionId, job.data, job.traceparent, job.baggage);
    }
    return router.call(conditionFunctionId, job.data, job.traceparent, job.baggage).thenCompose(c -> {
      if (c.isError()) {
        return CompletableFuture.completedFuture(c);
      }
      if (c.result() != null && c.result().isBoolean() && !c.result().booleanValue()) {
        return CompletableFuture.completedFuture(Outcome.noResult());
      }
      return router.call(job.functionId, job.data, job.traceparent, job.baggage);
    });
  }

  /** The consumer queues of a topic (all its functions), or the one named by its internal key. */
  List<JobQueue> queuesFor(String topicOrKey) {
    synchronized (lock) {
      List<JobQueue> out = new ArrayList<>();
      for (Map.Entry<String, TopicQueue> e : queues.entrySet()) {
        if (e.getKey().equals(topicOrKey) || e.getValue().topic.equals(topicOrKey)) {
          out.add(e.getValue().jobs);
        }
      }
      return out;
    }
  }

  void close() {
    synchronized (lock) {
      queues.values().forEach(q -> q.jobs.close());
    }
  }

  int lostCount(String topic) {
    synchronized (lock) {
      return lost.getOrDefault(topic, 0);
    }
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
