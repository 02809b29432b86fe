package dev.iii.examples.bench;

import java.util.Locale;
import java.util.Map;

/** Prints the comparison table and the ratios the issue sets as targets. */
final class ResultTable {

  private static final double TARGET_THROUGHPUT_VS_NODE = 3.0;
  private static final double TARGET_P50_VS_RAW = 1.2;

  private ResultTable() {
  }

  static void print(Map<String, Scenarios.KindResult> results, Map<String, String> skipped, BenchOptions options) {
    int n = options.inFlight;
    System.out.println();
    System.out.printf("%-9s | %10s | %10s | %16s | %11s | %11s | %9s | %s%n", "kind", "p50 µs @1", "p99 µs @1",
        "throughput/s @" + n, "p50 µs @" + n, "p99 µs @" + n, "fail/lost", "client");
    System.out.println("-".repeat(114));
    for (Scenarios.KindResult r : results.values()) {
      long failed = r.latency().failed() + r.throughput().failed();
      long lost = r.latency().lost() + r.throughput().lost();
      System.out.printf(Locale.ROOT, "%-9s | %10.1f | %10.1f | %16.0f | %11.1f | %11.1f | %9s | %s%n",
          r.kind().name(), r.latency().p50Micros(), r.latency().p99Micros(), r.throughput().throughputPerSecond(),
          r.throughput().p50Micros(), r.throughput().p99Micros(), failed + "/" + lost, r.kind().label());
      if (r.latency().firstError() != null || r.throughput().firstError() != null) {
        System.out.println("      first error: " + (r.latency().firstError() != null ? r.latency().firstError()
            : r.throughput().firstError()));
      }
    }
    skipped.forEach((kind, reason) -> System.out.printf("%-9s | not run: %s%n", kind, reason));
    System.out.println();

    Scenarios.KindResult raw = results.get("raw");
    Scenarios.KindResult rawPekko = results.get("raw-pekko");
    Scenarios.KindResult java = results.get("java");
    Scenarios.KindResult node = results.get("node");
    if (java != null && node != null) {
      double ratio = throughputRatio(java, node);
      System.out.printf(Locale.ROOT, "Java / Node throughput @%d: %.2f× (target ≥ %.1f×) — %s%n", n, ratio,
          TARGET_THROUGHPUT_VS_NODE, ratio >= TARGET_THROUGHPUT_VS_NODE ? "met" : "MISSED");
    }
    for (Scenarios.KindResult floor : new Scenarios.KindResult[] {raw, rawPekko}) {
      if (java != null && floor != null) {
        double ratio = java.latency().p50Micros() / floor.latency().p50Micros();
        System.out.printf(Locale.ROOT, "Java p50 / %s p50 @1: %.2f× (target ≤ %.1f×) — %s%n", floor.kind().name(),
            ratio, TARGET_P50_VS_RAW, ratio <= TARGET_P50_VS_RAW ? "met" : "MISSED");
      }
    }
    if (java != null && rawPekko != null) {
      // Same transport (Pekko HTTP) on both sides: the difference is the SDK's call path (an InvocationActor per
      // call, lanes, codec) against a plain ConcurrentHashMap of futures.
      System.out.printf(Locale.ROOT, "InvocationActor path vs plain map of futures (java / raw-pekko): throughput "
          + "@%d %.2f×, p50 @1 %.2f×%n", n, throughputRatio(java, rawPekko),
          java.latency().p50Micros() / rawPekko.latency().p50Micros());
    }
    if (node != null && raw != null) {
      System.out.printf(Locale.ROOT, "Node / raw: throughput @%d %.2f×, p50 @1 %.2f×%n", n,
          throughputRatio(node, raw),
          node.latency().p50Micros() / raw.latency().p50Micros());
    }
  }

  private static double throughputRatio(Scenarios.KindResult a, Scenarios.KindResult b) {
    return a.throughput().throughputPerSecond() / b.throughput().throughputPerSecond();
  }
}
