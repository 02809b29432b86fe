package dev.iii.sdk.internal.telemetry;

import static dev.iii.sdk.internal.telemetry.Await.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.WorkerLogger;
import dev.iii.testkit.TelemetryFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** The /otel socket reconnects with backoff and sends what was buffered while the engine was away. */
class OtelReconnectTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static long logsWithBody(TestEngine engine, String body) {
    return engine.telemetry().stream()
        .filter(f -> f.kind().equals("LOGS"))
        .map(TelemetryFrame::body)
        .filter(b -> b.toString().contains("\"" + body + "\""))
        .count();
  }

  @Test
  void framesBufferedDuringAnOutageArriveAfterReconnecting() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "otel-reconnect-test");
    TestEngine first = TestEngine.start();
    int port = first.port();
    TestEngine second = null;
    Telemetry t = Telemetry.create(
        OtelConfig.newBuilder().metricsEnabled(false)
            .reconnection(ReconnectionConfig.newBuilder().initialDelay(Duration.ofMillis(50))
                .maxDelay(Duration.ofMillis(200)).build())
            .build(),
        first.url(), Map::of, name -> null, system);
    try {
      WorkerLogger logger = t.logger("reconnect");
      logger.info("before");
      awaitCondition(WAIT, () -> logsWithBody(first, "before") == 1, "the first log on the first engine");

      first.close();
      awaitCondition(WAIT, () -> !t.socketConnected(), "the socket notices the engine is gone");
      logger.info("during");
      awaitCondition(WAIT, () -> t.bufferedFrames() == 1, "the log waits in the buffer");

      second = TestEngine.start(TestEngineOptions.newBuilder().port(port).build());
      TestEngine engine = second;
      awaitCondition(WAIT, () -> logsWithBody(engine, "during") == 1, "the buffered log after reconnecting");
      assertTrue(t.socketConnected());
      assertEquals(0, t.droppedFrames());
      assertTrue(engine.upgradeRequests().stream().anyMatch(u -> u.path().equals("/otel")));
    } finally {
      t.close();
      if (second != null) {
        second.close();
      }
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
