package dev.iii.streams;

import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.OtelConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Shared helpers of the integration tests: workers with telemetry off, waiting on conditions and stages. */
public final class Workers {
  static final Duration WAIT = Duration.ofSeconds(20);

  private Workers() {}

  static III worker(String url, String name) {
    return III.registerWorker(url, InitOptions.newBuilder().workerName(name)
        .otel(OtelConfig.newBuilder().enabled(false).build()).build());
  }

  static ActorSystem<Void> system(String name) {
    return ActorSystem.create(Behaviors.empty(), name);
  }

  static <T> T await(CompletionStage<T> stage) {
    return await(stage, WAIT);
  }

  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The cause a failed stage completed with (fails the test when it succeeded). */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the stage to fail");
  }

  static void awaitCondition(Duration timeout, BooleanSupplier condition) {
    awaitCondition(timeout, condition, () -> "condition");
  }

  /** Polls {@code condition} until it holds; on timeout the failure says {@code state} (read at that moment). */
  public static void awaitCondition(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + ": " + state.get());
      }
      try {
        Thread.sleep(5); // polling interval of the wait, not synchronization
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

}
