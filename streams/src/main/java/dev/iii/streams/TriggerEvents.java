package dev.iii.streams;

import dev.iii.sdk.III;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.sdk.TriggerTypeRef;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Provide a trigger type and consume what happens to it as a {@code Source}: every trigger of the type that a
 * worker registers (or removes) arrives as a {@link TriggerEvent}. The type is registered when the source is
 * materialized and unregistered when it ends. A registration is accepted only once its event is buffered; when
 * the buffer stays full longer than the offer timeout, or the source has ended, the engine is told the registration
 * failed (so nothing is accepted that nobody will see). Events of one trigger id keep their order; events of
 * different ids may interleave (the SDK runs different trigger ids concurrently).
 */
public final class TriggerEvents {
  private static final long OFFER_TIMEOUT_SECONDS = 30;

  private TriggerEvents() {}

  public static <C> Source<TriggerEvent<C>, TriggerTypeSubscription<C>> source(III iii, TriggerTypeDef<C> type,
      int bufferSize) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
    }
    return Source.<TriggerEvent<C>>queue(bufferSize, OverflowStrategy.backpressure(), 256)
        .mapMaterializedValue(queue -> provide(iii, type, queue));
  }

  public static <C> Source<TriggerEvent<C>, TriggerTypeSubscription<C>> source(III iii, TriggerTypeDef<C> type) {
    return source(iii, type, 256);
  }

  private static <C> TriggerTypeSubscription<C> provide(III iii, TriggerTypeDef<C> type,
      SourceQueueWithComplete<TriggerEvent<C>> queue) {
    // Set once the source has ended: unregistering the type then tells the handler about every live trigger, and
    // those teardown notices have nobody left to go to; they are not failures.
    AtomicBoolean ended = new AtomicBoolean();
    TriggerTypeRef<C> ref;
    try {
      ref = iii.registerTriggerType(type, new TriggerHandler<C>() {
        @Override
        public void registerTrigger(TriggerConfig<C> trigger) throws Exception {
          offer(queue, new TriggerEvent<>(TriggerEvent.Kind.REGISTERED, trigger));
        }

        @Override
        public void unregisterTrigger(TriggerConfig<C> trigger) throws Exception {
          if (!ended.get()) {
            offer(queue, new TriggerEvent<>(TriggerEvent.Kind.UNREGISTERED, trigger));
          }
        }
      });
    } catch (RuntimeException e) {
      queue.fail(e);
      throw e;
    }
    CompletionStage<Void> ready = iii.awaitRegistrations();
    queue.watchCompletion().whenComplete((done, error) -> {
      ended.set(true);
      ref.unregister();
    });
    AtomicBoolean cancelled = new AtomicBoolean();
    return new TriggerTypeSubscription<>() {
      @Override
      public TriggerTypeRef<C> typeRef() {
        return ref;
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

  /** Runs on the SDK's handler executor, so waiting here for buffer space is how the provider backpressures. */
  private static <C> void offer(SourceQueueWithComplete<TriggerEvent<C>> queue, TriggerEvent<C> event)
      throws Exception {
    QueueOfferResult result = queue.offer(event).toCompletableFuture().get(OFFER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (result != QueueOfferResult.enqueued()) {
      throw new IllegalStateException("trigger event source is closed (" + result + ")");
    }
  }
}
