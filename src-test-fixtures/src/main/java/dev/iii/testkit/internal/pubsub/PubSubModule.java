package dev.iii.testkit.internal.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.CallContext;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.InvocationRouter;
import dev.iii.testkit.internal.Outcome;
import dev.iii.testkit.internal.TriggerEntry;
import dev.iii.testkit.internal.TriggerRegistrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code subscribe} triggers and {@code publish {topic, data}}: every subscription of the topic is called at once
 * with {@code data} verbatim (several triggers of one function each cause a call); results and errors are
 * ignored; nothing is kept for later subscribers. Unsubscribing removes only that subscription — the intended
 * behaviour, not the engine's bug that drops the whole topic (ENGINE §5.9, §14.2).
 * {@code condition_function_id} is ignored, as by the engine.
 */
public final class PubSubModule implements TriggerRegistrator {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubModule.class);

  private final InvocationRouter router;
  /** Trigger id → subscription, in registration order. */
  private final Map<String, TriggerEntry> subscriptions = new LinkedHashMap<>();

  private PubSubModule(InvocationRouter router) {
    this.router = router;
  }

  public static PubSubModule install(EngineCore core) {
    PubSubModule m = new PubSubModule(core.router());
    core.triggerHub().setBuiltinType("subscribe", "Pub/sub topic subscriber", m);
    core.registerBuiltin("publish", "Publish a message to a topic", m::publish);
    return m;
  }

  @Override
  public CompletionStage<Void> register(TriggerEntry t) {
    String topic = topicOf(t);
    synchronized (subscriptions) {
      subscriptions.remove(t.id()); // same id again = overwrite
      if (topic.isEmpty()) {
        LOG.warn("subscribe trigger {} has no topic: accepted, subscribes to nothing", t.id());
      } else {
        subscriptions.put(t.id(), t);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> unregister(TriggerEntry t) {
    synchronized (subscriptions) {
      subscriptions.remove(t.id());
    }
    return CompletableFuture.completedFuture(null);
  }

  private static String topicOf(TriggerEntry t) {
    JsonNode topic = t.config().get("topic");
    return topic != null && topic.isTextual() ? topic.textValue() : "";
  }

  private CompletionStage<Outcome> publish(JsonNode input, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(input, "PublishInput");
    String topic = BuiltinInput.reqString(in, "topic");
    if (!in.has("data")) {
      throw new BuiltinInput.InputException("missing field `data`");
    }
    if (topic.isEmpty()) {
      return CompletableFuture.completedFuture(Outcome.error("topic_not_set", "Topic is not set"));
    }
    List<TriggerEntry> targets = new ArrayList<>();
    synchronized (subscriptions) {
      for (TriggerEntry t : subscriptions.values()) {
        if (topicOf(t).equals(topic)) {
          targets.add(t);
        }
      }
    }
    JsonNode data = in.get("data");
    for (TriggerEntry t : targets) {
      router.call(t.functionId(), data, ctx.traceparent(), ctx.baggage()).thenAccept(o -> {
        if (o.isError()) {
          LOG.debug("subscriber {} of topic {} failed (ignored): {}", t.functionId(), topic, o.error().message());
        }
      });
    }
    return CompletableFuture.completedFuture(Outcome.noResult());
  }
}
