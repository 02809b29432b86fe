package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker gauges (PROTOCOL §9.3) reach the engine as MTRC frames attributed with the current {@code worker.id},
 * and with the new id after a reconnect.
 */
class WorkerMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String HEAP = "iii.worker.memory.heap_used";
  private static final ReconnectionConfig FAST =
      ReconnectionConfig.newBuilder().initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200)).build();

  private TestEngine engine;
  private III worker;

  @AfterEach
  void stop() {
    if (worker != null) worker.shutdown();
    if (engine != null) engine.close();
  }

  private static long framesFor(TestEngine engine, String service, String workerId) {
    return OtlpFrames.workerIdsPerFrame(engine, service, HEAP).stream()
        .filter(ids -> ids.equals(List.of(workerId)))
        .count();
  }

  @Test
  void heapGaugeCarriesTheCurrentWorkerIdAndTheNewOneAfterAReconnect() {
    String service = "metrics-worker";
    engine = TestEngine.start();
    int port = engine.port();
    worker = III.registerWorker(
        engine.url(),
        InitOptions.newBuilder()
            .reconnection(FAST)
            .otel(OtelConfig.newBuilder()
                .serviceName(service)
                .metricsExportInterval(Duration.ofMillis(200))
                .reconnection(FAST)
                .build())
            .build());
    String first = worker.workerId();
    assertNotNull(first);
    awaitCondition(WAIT, () -> framesFor(engine, service, first) >= 3, "three MTRC frames with worker.id " + first);
    for (List<String> ids : OtlpFrames.workerIdsPerFrame(engine, service, HEAP)) {
      assertEquals(List.of(first), ids, "every heap_used point carries the current worker.id");
    }

    // Restart the engine on the same port: the worker reconnects and gets a new id.
    engine.close();
    engine = TestEngine.start(TestEngineOptions.newBuilder().port(port).build());
    TestEngine restarted = engine;
    awaitCondition(WAIT, () -> worker.connectionState() == ConnectionState.CONNECTED
        && worker.workerId() != null && !worker.workerId().equals(first), "reconnected with a new worker id");
    String second = worker.workerId();
    assertNotEquals(first, second);
    awaitCondition(WAIT, () -> framesFor(restarted, service, second) >= 1, "MTRC frames with worker.id " + second);
    // Points exported while the sockets were down are buffered and may arrive first with the old id (nothing is
    // dropped); once the new id appears, the old one never comes back.
    List<List<String>> frames = OtlpFrames.workerIdsPerFrame(restarted, service, HEAP);
    int firstNew = frames.indexOf(List.of(second));
    assertTrue(firstNew >= 0);
    for (List<String> ids : frames.subList(firstNew, frames.size())) {
      assertEquals(List.of(second), ids, "after the reconnect every point carries the new worker.id");
    }
  }

  @Test
  void noGaugesWhenMetricsReportingIsOff() {
    String service = "metrics-off";
    engine = TestEngine.start();
    worker = III.registerWorker(
        engine.url(),
        InitOptions.newBuilder()
            .enableMetricsReporting(false)
            .otel(OtelConfig.newBuilder().serviceName(service).metricsExportInterval(Duration.ofMillis(100)).build())
            .build());
    // Spans still flow: a call proves the /otel socket carries this worker's frames.
    worker.registerFunction(FunctionDef.json("m::fn", (in, ctx) -> in));
    TestSupport.await(worker.awaitRegistrations());
    worker.call("m::fn", java.util.Map.of());
    worker.shutdown(); // final metric export and flush
    worker = null;
    awaitCondition(WAIT, () -> OtlpFrames.span(engine, service, "call m::fn").isPresent(), "the worker's spans");
    assertTrue(OtlpFrames.workerIdsPerFrame(engine, service, HEAP).isEmpty(), "no worker gauges reported");
  }
}
