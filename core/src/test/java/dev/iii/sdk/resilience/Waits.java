package dev.iii.sdk.resilience;

import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.TestSupport;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/** The resilience tests' waits: the shared {@link TestSupport} helpers, plus a fast reconnection config. */
final class Waits {
  private Waits() {}

  static void awaitCondition(Duration timeout, BooleanSupplier condition, String what) {
    TestSupport.awaitCondition(timeout, condition, what);
  }

  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    return TestSupport.await(stage, timeout);
  }

  static Throwable failureOf(CompletionStage<?> stage, Duration timeout) {
    return TestSupport.failureOf(stage, timeout);
  }

  static ReconnectionConfig fastRetries(int maxRetries) {
    return ReconnectionConfig.newBuilder()
        .initialDelay(Duration.ofMillis(20))
        .maxDelay(Duration.ofMillis(100))
        .maxRetries(maxRetries)
        .build();
  }
}
