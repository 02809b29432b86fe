package dev.iii.testkit.internal.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.DeadLetter;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.CallContext;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Installs {@code iii-queue} into an engine: the enqueue handler, the {@code durable:subscriber} trigger type
 * and the functions {@code iii::durable::publish}, {@code iii::queue::redrive}, {@code …::redrive_message},
 * {@code …::discard_message} (ENGINE §7.5). The optional {@code engine::queue::*} console helpers are omitted.
 */
public final class QueueModule {
  /**
   * The module of each engine core, so the public {@code TestEngine} can reach the current one even after a
   * restart replaced its core; weak, so a stopped core is not kept alive by this table.
   */
  private static final Map<EngineCore, QueueModule> BY_CORE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final FunctionQueues functionQueues;
  private final DurableTopics topics;

  private QueueModule(FunctionQueues functionQueues, DurableTopics topics) {
    this.functionQueues = functionQueues;
    this.topics = topics;
  }

  public static QueueModule install(EngineCore core, EngineClock clock, Map<String, QueueConfig> configs) {
    // Deliveries are started off the enqueuing thread (so the enqueue reply is sent first) and hop straight
    // to the worker's outbound queue; they never block, so the common pool is enough.
    Executor executor = ForkJoinPool.commonPool();
    FunctionQueues fq = new FunctionQueues(configs, clock, executor, core.router());
    DurableTopics dt = new DurableTopics(clock, executor, core.router());
    QueueModule m = new QueueModule(fq, dt);
    core.router().setEnqueueHandler(fq);
    core.triggerHub().setBuiltinType("durable:subscriber", "Durable queue topic subscriber", dt);
    core.registerBuiltin("iii::durable::publish", "Publish a message to a durable topic", m::durablePublish);
    core.registerBuiltin("iii::queue::redrive", "Move every dead-lettered job of a queue back", m::redrive);
    core.registerBuiltin("iii::queue::redrive_message", "Move one dead-lettered job back", (in, ctx) -> m.one(in, true));
    core.registerBuiltin("iii::queue::discard_message", "Delete one dead-lettered job", (in, ctx) -> m.one(in, false));
    BY_CORE.put(core, m);
    return m;
  }

  /** The module installed into {@code core}, or null if none was. */
  public static @org.jspecify.annotations.Nullable QueueModule of(EngineCore core) {
    return BY_CORE.get(core);
  }

  /** Stops every consumer and pending retry: nothing is delivered after the engine stopped. */
  public void close() {
    functionQueues.close();
    topics.close();
  }

  /**
   * Dead letters of a function queue (by its configured name) or of a topic (every subscribed function's
   * queue, or one {@code <topic>::<function_id>}), oldest first.
   */
  public List<DeadLetter> deadLetters(String queueOrTopic) {
    List<DeadLetter> out = new ArrayList<>();
    resolve(queueOrTopic).forEach(q -> out.addAll(q.deadLetters()));
    return out;
  }

  /** Messages published with {@code iii::durable::publish} to this topic while it had no subscriber. */
  public int lostDurableMessages(String topic) {
    return topics.lostCount(topic);
  }

  private List<JobQueue> resolve(String name) {
    JobQueue fq = functionQueues.queue(name);
    if (fq != null) {
      return List.of(fq); // a configured function queue wins, as the engine resolves __fn_queue::<name> first
    }
    return topics.queuesFor(name);
  }

  private CompletionStage<Outcome> durablePublish(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "DurablePublishInput");
    String topic = BuiltinInput.reqString(in, "topic");
    if (!in.has("data")) {
      throw new BuiltinInput.InputException("missing field `data`");
    }
    if (topic.isEmpty()) {
      return answer(Outcome.error("topic_not_set", "Topic is not set"));
    }
    topics.publish(topic, in.get("data"), ctx.traceparent(), ctx.baggage());
    return answer(Outcome.noResult());
  }

  private CompletionStage<Outcome> redrive(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "RedriveInput");
    String queue = BuiltinInput.reqString(in, "queue");
    if (queue.isEmpty()) {
      return answer(Outcome.error("queue_not_set", "Queue name is required"));
    }
    int n = resolve(queue).stream().mapToInt(JobQueue::redriveAll).sum();
    ObjectNode out = Json.object();
    out.put("queue", queue);
    out.put("redriven", n);
    return answer(Outcome.ok(out));
  }

  private CompletionStage<Outcome> one(JsonNode data, boolean requeue) {
    ObjectNode in = BuiltinInput.struct(data, requeue ? "RedriveMessageInput" : "DiscardMessageInput");
    String queue = BuiltinInput.reqString(in, "queue");
    String messageId = BuiltinInput.reqString(in, "message_id");
    if (queue.isEmpty()) {
      return answer(Outcome.error("queue_not_set", "Queue name is required"));
    }
    if (messageId.isEmpty()) {
      return answer(Outcome.error("message_id_not_set", "Message ID is required"));
    }
    int n = 0;
    for (JobQueue q : resolve(queue)) {
      n += q.takeDead(messageId, requeue);
      if (n > 0) {
        break;
      }
    }
    ObjectNode out = Json.object();
    out.put("queue", queue);
    out.put("message_id", messageId);
    out.put("redriven", n); // sic: discard reports its count under "redriven" too (ENGINE §7.5)
    return answer(Outcome.ok(out));
  }

  private static CompletionStage<Outcome> answer(Outcome o) {
    return CompletableFuture.completedFuture(o);
  }
}
