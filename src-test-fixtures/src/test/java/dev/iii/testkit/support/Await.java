package dev.iii.testkit.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes (no sleeps as synchronization in tests). */
public final class Await {
  private Await() {}

  public static void condition(Duration timeout, BooleanSupplier condition) {
    condition(timeout, condition, () -> "condition");
  }

  public static void condition(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what.get() + " did not hold within " + timeout);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5); // polling interval of the wait loop, not a synchronization sleep
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
