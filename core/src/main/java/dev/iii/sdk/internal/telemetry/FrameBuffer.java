package dev.iii.sdk.internal.telemetry;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The outbound telemetry frames waiting for the {@code /otel} socket: at most {@code capacity} (1000, PROTOCOL §9.2);
 * when full, the oldest frame is dropped and counted, so a long outage keeps the most recent telemetry.
 *
 * <p>The socket takes frames itself ({@link #whenAvailable()} then {@link #poll()}) only when it has demand, so a
 * frame stays here, and survives a reconnect, until a live socket takes it: the hand-over never parks a frame in a
 * future that a dead socket would lose.
 */
final class FrameBuffer {
  static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private @Nullable CompletableFuture<Boolean> signal;
  private long dropped;
  private boolean closed;

  FrameBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a frame (dropping the oldest when full); after {@link #close()} the frame is dropped and counted. */
  void offer(byte[] frame) {
    CompletableFuture<Boolean> toSignal;
    synchronized (this) {
      if (closed) {
        dropped++;
        return;
      }
      if (frames.size() >= capacity) {
        frames.pollFirst();
        dropped++;
      }
      frames.addLast(frame);
      toSignal = signal;
      signal = null;
    }
    // Completed outside the lock: the continuation runs stream code.
    if (toSignal != null) {
      toSignal.complete(true);
    }
  }

  /** The oldest frame, or null if none. */
  synchronized byte @Nullable [] poll() {
    return frames.pollFirst();
  }

  /** Completes with true once a frame is buffered, false once the buffer is closed and empty. */
  synchronized CompletionStage<Boolean> whenAvailable() {
    if (!frames.isEmpty()) {
      return CompletableFuture.completedFuture(true);
    }
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    if (signal == null) {
      signal = new CompletableFuture<>();
    }
    return signal;
  }

  /** No more frames are accepted; what is buffered can still be drained. */
  void close() {
    CompletableFuture<Boolean> toSignal;
    synchronized (this) {
      closed = true;
      toSignal = signal;
      signal = null;
    }
    if (toSignal != null) {
      toSignal.complete(false);
    }
  }

  synchronized int size() {
    return frames.size();
  }

  synchronized long dropped() {
    return dropped;
  }
}
