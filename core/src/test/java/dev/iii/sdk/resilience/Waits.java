package dev.iii.sdk.resilience;

import static org.junit.jupiter.api.Assertions.fail;

import dev.iii.sdk.ReconnectionConfig;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting helpers for the resilience tests: poll with a deadline, never sleep as synchronisation. */
final class Waits {
  private Waits() {}

  static void awaitCondition(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout.toMillis() + "ms waiting for: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + timeout, e);
    }
  }

  /** The cause of a failed stage (fails the test when the stage succeeds). */
  static Throwable failureOf(CompletionStage<?> stage, Duration timeout) {
    try {
      Object v = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + timeout, e);
    }
  }

  static ReconnectionConfig fastRetries(int maxRetries) {
    return ReconnectionConfig.newBuilder()
        .initialDelay(Duration.ofMillis(20))
        .maxDelay(Duration.ofMillis(100))
        .maxRetries(maxRetries)
        .build();
  }
}
