package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.internal.wire.WireMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three outbound lanes of one connection epoch (DESIGN §3): control (replay and registrations), replies
 * (results and pongs; offers wait for space, never dropped) and calls (the only lane with admission control).
 */
final class Lanes {
  private static final Logger log = LoggerFactory.getLogger(Lanes.class);

  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  final long epoch;
  final BoundedSourceQueue<WireMessage> control;
  /** Replies go here first: a lock-free offer that wakes the stream only when it is idle (no actor message each). */
  final BoundedSourceQueue<WireMessage> replies;
  /** Only when {@link #replies} is full: offers here wait for space instead of being dropped. */
  final SourceQueueWithComplete<WireMessage> repliesOverflow;
  final BoundedSourceQueue<WireMessage> calls;
  final ConnectionStream.KillSwitchHolder killSwitch;

  Lanes(
      long epoch,
      BoundedSourceQueue<WireMessage> control,
      BoundedSourceQueue<WireMessage> replies,
      SourceQueueWithComplete<WireMessage> repliesOverflow,
      BoundedSourceQueue<WireMessage> calls,
      ConnectionStream.KillSwitchHolder killSwitch) {
    this.epoch = epoch;
    this.control = control;
    this.replies = replies;
    this.repliesOverflow = repliesOverflow;
    this.calls = calls;
    this.killSwitch = killSwitch;
  }

  /**
   * Registrations must not be lost silently. The control lane is unbounded by default (iii.lanes.control-buffer), so
   * this only throws when a user configured a bound and more registrations are waiting than it allows.
   */
  void sendControl(WireMessage msg) {
    QueueOfferResult r = control.offer(msg);
    if (r == QueueOfferResult.dropped()) {
      throw new IllegalStateException(
          "the control lane is full (iii.lanes.control-buffer); could not send " + msg.type());
    }
    // QueueClosed/Failure: this epoch is over; the replay of the next connection carries the registry.
  }

  /**
   * Offers a message on the control lane, after every registration offered before it (the engine reads a
   * connection's frames in order, so an answer to it proves they were all processed).
   *
   * @return whether it is in the lane; false when this epoch's lane is closed (or a configured bound is reached)
   */
  boolean offerControl(WireMessage msg) {
    return control.offer(msg) instanceof QueueOfferResult.Enqueued$;
  }

  /**
   * Offers a reply; the stage completes when it is in the lane's buffer. A reply for a connection that is gone is
   * dropped (the engine no longer knows the invocation), which is logged at debug level.
   *
   * <p>The offer's stage is a Scala-future wrapper whose plain {@code handle} runs as {@code handleAsync} on the
   * common pool, which on a 2-CPU machine starts a new thread per call: the callback here is cheap, so it runs on
   * whichever thread completes the offer.
   */
  CompletionStage<Done> sendReply(WireMessage msg) {
    QueueOfferResult fast = replies.offer(msg);
    if (fast instanceof QueueOfferResult.Enqueued$) {
      return DONE;
    }
    if (!(fast instanceof QueueOfferResult.Dropped$)) {
      log.debug("dropped {} for a closed connection (epoch {})", msg.type(), epoch);
      return DONE;
    }
    // The fast lane is full: wait for space on the overflow lane (replies are independent, order does not matter).
    try {
      return repliesOverflow
          .offer(msg)
          .handleAsync(
              (r, e) -> {
                if (e != null || !(r instanceof QueueOfferResult.Enqueued$)) {
                  log.debug("dropped {} for a closed connection (epoch {})", msg.type(), epoch);
                }
                return Done.getInstance();
              },
              Runnable::run);
    } catch (RuntimeException e) {
      log.debug("dropped {} for a closed connection (epoch {}): {}", msg.type(), epoch, e.toString());
      return DONE;
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();

  /** Ends the outbound side after what is buffered has been written. Idempotent. */
  void completeAll() {
    if (!completed.compareAndSet(false, true)) {
      return;
    }
    try {
      control.complete();
      calls.complete();
      replies.complete();
      repliesOverflow.complete();
    } catch (RuntimeException e) {
      // The stream already ended on its own (e.g. the socket dropped): nothing left to flush.
      log.debug("lanes of epoch {} already closed: {}", epoch, e.toString());
    }
  }
}
