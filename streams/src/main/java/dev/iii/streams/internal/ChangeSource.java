package dev.iii.streams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionRef;
import dev.iii.sdk.III;
import dev.iii.sdk.Invocation;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerRef;
import dev.iii.streams.ChangeSubscription;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code Source} fed by a trigger: on materialization it registers a private function and a trigger of
 * {@code triggerType} bound to it; each trigger call is offered to the stream's queue and answered only once the
 * element is buffered, so a slow consumer backpressures the engine's (sequential) trigger calls. The function is an
 * actor, one message at a time, so elements keep the order in which the engine sent the calls. When the stream ends
 * (cancelled downstream, {@link ChangeSubscription#cancel()}, failure) trigger and function are unregistered.
 */
public final class ChangeSource {
  private static final Logger log = LoggerFactory.getLogger(ChangeSource.class);

  /** Offers waiting for buffer space; the engine delivers one trigger call at a time, so this is ample. */
  private static final int MAX_PENDING_OFFERS = 256;

  private ChangeSource() {}

  public static <E> Source<E, ChangeSubscription> create(
      III iii, String triggerType, JsonNode config, Function<JsonNode, E> decode, int bufferSize) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
    }
    return Source.<E>queue(bufferSize, OverflowStrategy.backpressure(), MAX_PENDING_OFFERS)
        .mapMaterializedValue(queue -> subscribe(iii, triggerType, config, decode, queue));
  }

  private static <E> ChangeSubscription subscribe(III iii, String triggerType, JsonNode config,
      Function<JsonNode, E> decode, SourceQueueWithComplete<E> queue) {
    String functionId = "iii.streams::" + triggerType + "-events::" + UUID.randomUUID();
    FunctionRef function = iii.registerFunction(FunctionDef.actor(functionId, JsonNode.class, behavior(decode, queue)));
    TriggerRef trigger;
    try {
      trigger = iii.registerTrigger(TriggerDef.of(triggerType, functionId, config));
    } catch (RuntimeException e) {
      function.unregister();
      queue.fail(e);
      throw e;
    }
    CompletionStage<Void> ready = iii.awaitRegistrations();
    queue.watchCompletion().whenComplete((done, error) -> {
      // Trigger first, so the engine stops routing to the function before it disappears.
      safely(trigger::unregister);
      safely(function::unregister);
    });
    AtomicBoolean cancelled = new AtomicBoolean();
    return new ChangeSubscription() {
      @Override
      public String triggerId() {
        return trigger.id();
      }

      @Override
      public CompletionStage<Void> ready() {
        return ready;
      }

      @Override
      public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
          queue.complete();
        }
      }
    };
  }

  private static <E> Behavior<Invocation<JsonNode>> behavior(Function<JsonNode, E> decode,
      SourceQueueWithComplete<E> queue) {
    return Behaviors.receiveMessage(inv -> {
      E element;
      try {
        element = decode.apply(inv.input());
      } catch (RuntimeException e) {
        // An event we cannot read ends the stream loudly rather than vanishing.
        inv.replyTo().tell(inv.failure(e));
        queue.fail(new IllegalStateException("cannot decode change event " + inv.input() + ": " + e.getMessage(), e));
        return Behaviors.same();
      }
      CompletionStage<QueueOfferResult> offered;
      try {
        offered = queue.offer(element);
      } catch (RuntimeException e) {
        offered = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      offered.whenComplete((result, error) -> {
        if (error == null && result == QueueOfferResult.enqueued()) {
          inv.reply(null);
        } else {
          inv.fail("invocation_failed", "change stream is closed: " + (error != null ? error : result));
        }
      });
      return Behaviors.same();
    });
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.debug("Cleanup after a change stream ended failed: {}", e.toString());
    }
  }
}
