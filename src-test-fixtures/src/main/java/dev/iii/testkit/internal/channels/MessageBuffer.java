package dev.iii.testkit.internal.channels;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.jspecify.annotations.Nullable;

/**
 * The queue between a channel's two ends, sized in <em>messages</em> (text and binary each count 1), like the
 * engine's bounded mpsc channel. One sender and one receiver, each with at most one outstanding operation (the
 * socket stages use {@code mapAsync(1)} / {@code unfoldAsync}), so a single waiting slot per side is enough.
 *
 * <p>A push beyond the capacity is parked until the receiver takes something: that parked push is what stops the
 * writer's socket from being read (TCP backpressure). End-of-stream is "sender released and nothing left";
 * a dropped receiver makes every later push fail (the engine then drops the writer's socket).
 */
final class MessageBuffer {
  /** The reading end is gone: the writer's pushes fail from now on. */
  static final class ReceiverGoneException extends RuntimeException {
    ReceiverGoneException() {
      super("the channel's reading end is gone", null, false, false);
    }
  }

  private final int capacity;
  private final ArrayDeque<Message> items = new ArrayDeque<>();
  private boolean senderReleased;
  private boolean receiverDropped;
  private @Nullable Message parkedItem;
  private @Nullable CompletableFuture<Void> parkedSender;
  private @Nullable CompletableFuture<Optional<Message>> waitingReceiver;

  MessageBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Completes once the message is in the queue (or handed to a waiting receiver). */
  CompletionStage<Void> push(Message m) {
    CompletableFuture<Optional<Message>> receiver;
    synchronized (this) {
      if (receiverDropped) {
        return CompletableFuture.failedFuture(new ReceiverGoneException());
      }
      if (senderReleased || parkedSender != null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("push after the sender was released or while a push is parked"));
      }
      if (waitingReceiver == null) {
        if (items.size() < capacity) {
          items.add(m);
          return CompletableFuture.completedFuture(null);
        }
        parkedItem = m;
        parkedSender = new CompletableFuture<>();
        return parkedSender;
      }
      receiver = waitingReceiver;
      waitingReceiver = null;
    }
    receiver.complete(Optional.of(m)); // outside the lock: completion runs callbacks
    return CompletableFuture.completedFuture(null);
  }

  /** The next message, or empty at end-of-stream (sender released and queue drained). */
  CompletionStage<Optional<Message>> pull() {
    CompletableFuture<Void> unparked = null;
    Message next;
    synchronized (this) {
      if (waitingReceiver != null) {
        return CompletableFuture.failedFuture(new IllegalStateException("a pull is already waiting"));
      }
      next = items.poll();
      if (next == null) {
        if (senderReleased || receiverDropped) {
          return CompletableFuture.completedFuture(Optional.empty());
        }
        waitingReceiver = new CompletableFuture<>();
        return waitingReceiver;
      }
      if (parkedItem != null) {
        items.add(parkedItem);
        parkedItem = null;
        unparked = parkedSender;
        parkedSender = null;
      }
    }
    if (unparked != null) {
      unparked.complete(null);
    }
    return CompletableFuture.completedFuture(Optional.of(next));
  }

  /**
   * The writing end is gone (Close, error, or never taken and swept). A parked push stays parked: as in the
   * engine, the message the writer task is blocked on is still delivered once space frees up.
   */
  void releaseSender() {
    CompletableFuture<Optional<Message>> receiver = null;
    synchronized (this) {
      senderReleased = true;
      if (items.isEmpty() && parkedItem == null && waitingReceiver != null) {
        receiver = waitingReceiver;
        waitingReceiver = null;
      }
    }
    if (receiver != null) {
      receiver.complete(Optional.empty());
    }
  }

  /** The reading end is gone: buffered messages are discarded and the writer's pushes fail. */
  void dropReceiver() {
    CompletableFuture<Void> sender;
    synchronized (this) {
      receiverDropped = true;
      items.clear();
      parkedItem = null;
      sender = parkedSender;
      parkedSender = null;
    }
    if (sender != null) {
      sender.completeExceptionally(new ReceiverGoneException());
    }
  }

  synchronized int size() {
    return items.size();
  }

  synchronized boolean hasParkedPush() {
    return parkedItem != null;
  }

  synchronized boolean isSenderReleased() {
    return senderReleased;
  }
}
