package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TelemetryFrame;
import dev.iii.testkit.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a {@link TestEngine} received on {@code /otel}: spans, log records and metric points of one service
 * (the resource's {@code service.name}, unique per worker in these tests).
 */
final class OtlpFrames {
  private OtlpFrames() {}

  static List<JsonNode> spans(TestEngine engine, String service) {
    return items(engine, "OTLP", service, "scopeSpans", "spans");
  }

  static List<JsonNode> logs(TestEngine engine, String service) {
    return items(engine, "LOGS", service, "scopeLogs", "logRecords");
  }

  static Optional<JsonNode> span(TestEngine engine, String service, String name) {
    return spans(engine, service).stream().filter(s -> s.path("name").asText().equals(name)).findFirst();
  }

  static Optional<JsonNode> log(TestEngine engine, String service, String body) {
    return logs(engine, service).stream()
        .filter(r -> r.at("/body/stringValue").asText().equals(body))
        .findFirst();
  }

  /** The {@code worker.id} of every data point of metric {@code name}, one list entry per MTRC frame that has any. */
  static List<List<String>> workerIdsPerFrame(TestEngine engine, String service, String name) {
    List<List<String>> out = new ArrayList<>();
    for (TelemetryFrame f : engine.telemetry()) {
      if (!f.kind().equals("MTRC") || !service.equals(serviceName(f.body()))) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode m : itemsOf(f.body(), "scopeMetrics", "metrics")) {
        if (!m.path("name").asText().equals(name)) {
          continue;
        }
        for (JsonNode p : m.at("/gauge/dataPoints")) {
          for (JsonNode a : p.path("attributes")) {
            if (a.path("key").asText().equals("worker.id")) {
              ids.add(a.at("/value/stringValue").asText());
            }
          }
        }
      }
      if (!ids.isEmpty()) {
        out.add(ids);
      }
    }
    return out;
  }

  static boolean hasEvent(JsonNode span, String eventName) {
    for (JsonNode e : span.path("events")) {
      if (e.path("name").asText().equals(eventName)) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> items(
      TestEngine engine, String kind, String service, String scopeKey, String itemsKey) {
    List<JsonNode> out = new ArrayList<>();
    for (TelemetryFrame f : engine.telemetry()) {
      if (f.kind().equals(kind) && service.equals(serviceName(f.body()))) {
        out.addAll(itemsOf(f.body(), scopeKey, itemsKey));
      }
    }
    return out;
  }

  private static List<JsonNode> itemsOf(JsonNode doc, String scopeKey, String itemsKey) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode resources = doc.elements().hasNext() ? doc.elements().next() : null;
    if (resources == null) {
      return out;
    }
    for (JsonNode resource : resources) {
      for (JsonNode scope : resource.path(scopeKey)) {
        scope.path(itemsKey).forEach(out::add);
      }
    }
    return out;
  }

  private static String serviceName(JsonNode body) {
    JsonNode resources = body.elements().hasNext() ? body.elements().next() : null;
    if (resources == null) {
      return null;
    }
    for (JsonNode resource : resources) {
      for (JsonNode a : resource.at("/resource/attributes")) {
        if (a.path("key").asText().equals("service.name")) {
          return a.at("/value/stringValue").asText();
        }
      }
    }
    return null;
  }
}
