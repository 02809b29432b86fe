package dev.iii.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TelemetryFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import dev.iii.testkit.support.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The test engine parses the telemetry a real Node SDK 0.11.6 worker sends (ENGINE §11): binary {@code OTLP} frames
 * on {@code /otel} holding OTLP/JSON spans, kept for tests to query — not only the frames our own SDK writes.
 */
@Tag("node")
class NodeTelemetryTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void spansFromANodeWorkerArriveOnOtelAndAreParsed() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH");
    Path nodeDir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(nodeDir, Duration.ofMinutes(5));
    try (TestEngine engine = TestEngine.start()) {
      // The handler of node::relay calls node::echo, so the Node SDK makes SERVER and CLIENT spans it exports.
      try (NodeWorker node = NodeWorker.start(nodeDir, engine.url(), "node-otel", STARTUP,
          "--echo", "node::echo", "--relay", "node::relay", "--otel")) {
        NodeWorker.Reply reply = node.call("node::relay", Map.of("target", "node::echo", "payload", Map.of("n", 1)), WAIT);
        assertTrue(reply.isResult(), reply.line());
        Await.condition(WAIT, () -> !spanNames(engine).isEmpty(), () -> "no span from the Node worker reached /otel");
      }
      List<TelemetryFrame> otlp = engine.telemetry().stream().filter(f -> f.kind().equals("OTLP")).toList();
      assertTrue(otlp.stream().allMatch(f -> f.path().equals("/otel")), "the Node SDK sends telemetry on /otel");
      List<String> names = spanNames(engine);
      assertTrue(names.stream().anyMatch(n -> n.contains("node::echo") || n.contains("node::relay")),
          "span names: " + names);
      JsonNode anySpan = otlp.get(0).body().at("/resourceSpans/0/scopeSpans/0/spans/0");
      assertTrue(anySpan.path("traceId").asText().matches("[0-9a-f]{32}"), "trace id as lower-case hex: " + anySpan);
      assertTrue(anySpan.path("spanId").asText().matches("[0-9a-f]{16}"), "span id as lower-case hex: " + anySpan);
    }
  }

  private static List<String> spanNames(TestEngine engine) {
    List<String> names = new ArrayList<>();
    for (TelemetryFrame f : engine.telemetry()) {
      if (f.kind().equals("OTLP")) {
        for (JsonNode rs : f.body().path("resourceSpans")) {
          for (JsonNode ss : rs.path("scopeSpans")) {
            for (JsonNode span : ss.path("spans")) {
              names.add(span.path("name").asText());
            }
          }
        }
      }
    }
    return names;
  }
}
