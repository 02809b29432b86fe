package dev.iii.sdk.v023;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.III;
import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the engine-0.23 compatibility tests: polling waits (never sleeps) and event capture. */
final class V023Support {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private V023Support() {}

  static TestEngine engine(EngineVersion version) {
    return TestEngine.start(TestEngineOptions.newBuilder().engineVersion(version).build());
  }

  static ReconnectionConfig fastRetries() {
    return ReconnectionConfig.newBuilder()
        .initialDelay(Duration.ofMillis(50))
        .maxDelay(Duration.ofMillis(200))
        .maxRetries(-1)
        .build();
  }

  static void awaitCondition(Duration timeout, BooleanSupplier condition, String what) {
    TestSupport.awaitCondition(timeout, condition, what);
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage did not complete: " + e, e);
    }
  }

  /** Every connection event of a worker, in order. */
  static List<ConnectionEvent> events(III worker) {
    List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    worker.addConnectionListener(events::add);
    return events;
  }

  static List<ConnectionEvent> ofKind(List<ConnectionEvent> events, ConnectionEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }
}
