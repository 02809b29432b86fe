package dev.iii.sdk.internal.runtime;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order given, on another executor (through {@code submit}), without holding a
 * thread between them. Why: connection events fired close together (DISCONNECTED, then RECONNECTING) must reach a
 * listener in that order even when the callback executor is a pool, where two separately submitted tasks may run
 * in either order.
 */
final class SerialLane {
  private final Consumer<Runnable> submit;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SerialLane(Consumer<Runnable> submit) {
    this.submit = submit;
  }

  void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    submit.accept(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      next.run();
    }
  }
}
