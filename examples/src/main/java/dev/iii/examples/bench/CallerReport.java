package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The one JSON line a caller process prints at the end of its measured phase, and how the orchestrator reads it
 * back. Java callers write these names; the Node caller's line is read with a few aliases so its exact spelling
 * need not match.
 */
record CallerReport(String kind, int inFlight, long count, long failed, long lost, double seconds,
                    double throughputPerSecond, double p50Micros, double p90Micros, double p99Micros,
                    double maxMicros, String firstError) {

  static CallerReport of(String kind, int inFlight, ClosedLoopDriver.Phase phase) {
    Histogram h = phase.latencyNanos();
    long completed = phase.count() - phase.lost();
    return new CallerReport(kind, inFlight, phase.count(), phase.failed(), phase.lost(), phase.seconds(),
        phase.seconds() > 0 ? completed / phase.seconds() : 0,
        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getMaxValue() / 1e3, phase.firstError());
  }

  /** Each figure's median over several runs of the same caller; counts, failures and losses are summed. */
  static CallerReport median(List<CallerReport> runs) {
    CallerReport first = runs.get(0);
    return new CallerReport(first.kind(), first.inFlight(),
        runs.stream().mapToLong(CallerReport::count).sum(), runs.stream().mapToLong(CallerReport::failed).sum(),
        runs.stream().mapToLong(CallerReport::lost).sum(), median(runs, CallerReport::seconds),
        median(runs, CallerReport::throughputPerSecond), median(runs, CallerReport::p50Micros),
        median(runs, CallerReport::p90Micros), median(runs, CallerReport::p99Micros),
        median(runs, CallerReport::maxMicros),
        runs.stream().map(CallerReport::firstError).filter(Objects::nonNull).findFirst().orElse(null));
  }

  private static double median(List<CallerReport> runs, ToDoubleFunction<CallerReport> f) {
    double[] values = runs.stream().mapToDouble(f).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  String toJsonLine() {
    ObjectNode json = RawWorker.JSON.createObjectNode()
        .put("kind", kind).put("in_flight", inFlight).put("count", count).put("failed", failed).put("lost", lost)
        .put("seconds", round(seconds)).put("throughput_per_s", round(throughputPerSecond))
        .put("p50_us", round(p50Micros)).put("p90_us", round(p90Micros)).put("p99_us", round(p99Micros))
        .put("max_us", round(maxMicros));
    if (firstError != null) {
      json.put("first_error", firstError);
    }
    return json.toString();
  }

  /** Reads a caller's line; {@code kind} and {@code inFlight} fill in what the line does not say. */
  static CallerReport parse(String line, String kind, int inFlight) throws Exception {
    JsonNode json = RawWorker.JSON.readTree(line);
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("caller output is not a JSON object: " + line);
    }
    JsonNode latency = json.has("latency_us") ? json.get("latency_us")
        : json.has("latencyUs") ? json.get("latencyUs") : json.has("latency") ? json.get("latency") : json;
    long count = number(json, "count", "measured").longValue();
    double seconds = number(json, "seconds", "elapsed_s", "elapsedSeconds").doubleValue();
    Number throughput = number(json, "throughput_per_s", "throughput", "throughputPerSecond", "ops_per_s",
        "perSecond", "rate");
    return new CallerReport(
        json.path("kind").asText(kind), json.path("in_flight").asInt(json.path("inFlight").asInt(inFlight)),
        count, number(json, "failed", "errors").longValue(), number(json, "lost").longValue(), seconds,
        throughput.doubleValue() > 0 ? throughput.doubleValue() : (seconds > 0 ? count / seconds : 0),
        number(latency, "p50_us", "p50").doubleValue(), number(latency, "p90_us", "p90").doubleValue(),
        number(latency, "p99_us", "p99").doubleValue(), number(latency, "max_us", "max").doubleValue(),
        json.hasNonNull("first_error") ? json.get("first_error").asText() : null);
  }

  private static Number number(JsonNode json, String... names) {
    for (String name : names) {
      JsonNode value = json.get(name);
      if (value != null && value.isNumber()) {
        return value.numberValue();
      }
    }
    return 0;
  }

  private static double round(double value) {
    return Math.round(value * 10.0) / 10.0;
  }
}
