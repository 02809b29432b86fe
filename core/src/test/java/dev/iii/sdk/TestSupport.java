package dev.iii.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting helpers for tests: poll a condition or a stage with a deadline, never sleep as synchronisation. Public so
 * the tests of sub-packages share them.
 */
public final class TestSupport {
  private TestSupport() {}

  public static void awaitCondition(Duration timeout, BooleanSupplier condition, String what) {
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

  public static <T> T await(CompletionStage<T> stage) {
    return await(stage, Duration.ofSeconds(10));
  }

  public static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + timeout, e);
    }
  }

  /** The cause of a failed stage (fails the test when the stage succeeds). */
  public static Throwable failureOf(CompletionStage<?> stage, Duration timeout) {
    try {
      Object v = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + timeout, e);
    }
  }
}
