package dev.iii.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting helpers for tests: poll a condition or a stage with a deadline, never sleep as synchronisation. Public so
 * the tests of sub-packages share them.
 *
 * <p>Also the one place SDK tests get their test engine from: the imitated engine release comes from the system
 * property {@value #ENGINE_VERSION_PROPERTY} ({@code 0.11.6} by default, or {@code 0.23}), so the same scenarios run
 * against both modes (core/pom.xml runs the worker, trigger and reconnect classes a second time with {@code 0.23}).
 */
public final class TestSupport {
  /** System property naming the engine release the test engine imitates: {@code 0.11.6} (default) or {@code 0.23}. */
  public static final String ENGINE_VERSION_PROPERTY = "iii.test.engine-version";

  private TestSupport() {}

  /**
   * The engine release this test run imitates. Tests branch on it where the two releases legitimately differ
   * (PROTOCOL §10.3), stating each mode's behaviour. A misspelt value fails loudly instead of silently testing 0.11.6.
   */
  public static EngineVersion engineVersion() {
    String value = System.getProperty(ENGINE_VERSION_PROPERTY);
    if (value == null || value.isBlank()) {
      return EngineVersion.V0_11_6;
    }
    try {
      return EngineVersion.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("system property " + ENGINE_VERSION_PROPERTY + ": " + e.getMessage(), e);
    }
  }

  /** True when this run imitates engine 0.23 (first-owner-wins, parked triggers, registration buffering). */
  public static boolean isV023() {
    return engineVersion() == EngineVersion.V0_23;
  }

  /**
   * Options of a test engine in this run's mode; add a test's own options with {@code engineOptions().toBuilder()}.
   */
  public static TestEngineOptions engineOptions() {
    return TestEngineOptions.newBuilder().engineVersion(engineVersion()).build();
  }

  /** A test engine on an ephemeral 127.0.0.1 port, in this run's mode. */
  public static TestEngine startEngine() {
    return TestEngine.start(engineOptions());
  }

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
