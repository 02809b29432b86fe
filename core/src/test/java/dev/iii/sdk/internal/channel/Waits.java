package dev.iii.sdk.internal.channel;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Condition and stage waits with deadlines (never sleeps as synchronisation). */
final class Waits {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Waits() {}

  static <T> T await(CompletionStage<T> stage) {
    return await(stage, "stage");
  }

  static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + TIMEOUT, e);
    }
  }

  /** The failure of a stage (unwrapped); fails the test if it succeeds or hangs. */
  static Throwable failureOf(CompletionStage<?> stage) {
    try {
      Object v = stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return ChannelFailures.unwrap(e);
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + TIMEOUT, e);
    }
  }

  static void condition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
