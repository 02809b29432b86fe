package dev.iii.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs each client kind once per round, in an order that rotates every round (so drift in the machine's load hits
 * each kind alike), and keeps what each run gave. A kind that cannot run, or that fails in some round, is skipped
 * from then on, with its reason: its problem is not going away, and the other kinds still get measured.
 *
 * @param <R> one run's result
 */
final class KindRounds<R> {

  /** One run of one kind. */
  interface Run<R> {
    R run(String kind) throws Exception;
  }

  private final Map<String, List<R>> results = new LinkedHashMap<>();
  private final Map<String, String> skipped = new LinkedHashMap<>();

  private KindRounds() {
  }

  /**
   * Runs {@code kinds} for {@code rounds} rounds. {@code unavailable} gives the reason a kind cannot run at all
   * (null when it can); {@code label} names the kinds in failure messages ("kind", "channel kind").
   */
  static <R> KindRounds<R> run(List<String> kinds, int rounds, Function<String, String> unavailable, String label,
      Run<R> run) {
    KindRounds<R> outcome = new KindRounds<>();
    List<String> order = new ArrayList<>();
    for (String kind : kinds) {
      String reason = unavailable.apply(kind);
      if (reason != null) {
        outcome.skipped.put(kind, reason);
      } else {
        order.add(kind);
        outcome.results.put(kind, new ArrayList<>());
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (String kind : order) {
        if (outcome.skipped.containsKey(kind)) {
          continue; // failed in an earlier round
        }
        try {
          outcome.results.get(kind).add(run.run(kind));
        } catch (Exception failure) {
          outcome.skipped.put(kind, "failed: " + failure.getMessage());
          System.err.println(label + " " + kind + " failed: " + failure);
        }
      }
      Collections.rotate(order, -1); // each kind takes its turn first
    }
    return outcome;
  }

  /** Each kind that never failed, in the order given, with {@code median} of its runs. */
  Map<String, R> medians(Function<List<R>, R> median) {
    Map<String, R> medians = new LinkedHashMap<>();
    results.forEach((kind, runs) -> {
      if (!runs.isEmpty() && !skipped.containsKey(kind)) {
        medians.put(kind, median.apply(runs));
      }
    });
    return medians;
  }

  /** Every run's result per kind that could run, failed ones included (with the rounds they completed). */
  Map<String, List<R>> results() {
    return Collections.unmodifiableMap(results);
  }

  /** Each kind not measured, with why. */
  Map<String, String> skipped() {
    return Collections.unmodifiableMap(skipped);
  }
}
