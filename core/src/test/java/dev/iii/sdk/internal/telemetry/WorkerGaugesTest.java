package dev.iii.sdk.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerGaugesTest {
  private final List<byte[]> frames = new CopyOnWriteArrayList<>();
  private final SdkMeterProvider provider = SdkMeterProvider.builder()
      .registerMetricReader(PeriodicMetricReader.builder(new FrameExporters.Metrics(frames::add))
          .setInterval(Duration.ofHours(1)).build())
      .build();

  /** worker.id values seen in the frame exported by a forced collection (empty set: no frame at all). */
  private Set<String> collectWorkerIds() throws Exception {
    frames.clear();
    provider.forceFlush().join(5, TimeUnit.SECONDS);
    Set<String> ids = new TreeSet<>();
    for (byte[] f : frames) {
      JsonNode doc = new ObjectMapper().readTree(Arrays.copyOfRange(f, 4, f.length));
      // Only our scope: the SDK may report on its own metric reader under another one.
      for (JsonNode scope : doc.at("/resourceMetrics/0/scopeMetrics")) {
        if (!scope.at("/scope/name").asText().equals("iii-java-sdk")) {
          continue;
        }
        for (JsonNode m : scope.get("metrics")) {
          for (JsonNode p : m.at("/gauge/dataPoints")) {
            ids.add(p.at("/attributes/0/value/stringValue").asText());
          }
        }
      }
    }
    return ids;
  }

  @Test
  void gaugesAppearOnceTheIdIsKnownFollowItAndStopWithout() throws Exception {
    WorkerGauges gauges = new WorkerGauges(provider.get("iii-java-sdk"));
    assertEquals(Set.of(), collectWorkerIds(), "nothing before the worker id is known");
    gauges.onWorkerId("w-1");
    assertEquals(Set.of("w-1"), collectWorkerIds());
    gauges.onWorkerId("w-2");
    assertEquals(Set.of("w-2"), collectWorkerIds(), "re-attributed after a reconnect");
    gauges.onWorkerId(null);
    assertEquals(Set.of(), collectWorkerIds(), "no points while disconnected");
    gauges.onWorkerId("w-3");
    assertEquals(Set.of("w-3"), collectWorkerIds());
    gauges.close();
    assertTrue(collectWorkerIds().isEmpty(), "closed gauges report nothing");
  }
}
