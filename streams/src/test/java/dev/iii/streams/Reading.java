package dev.iii.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The record type of the round-trip tests. */
public record Reading(String sensor, long seq, double value, List<String> tags, String note) {

  /**
   * {@code count} readings from a fixed seed, with text that stresses framing: multi-byte UTF-8, escaped
   * newlines and quotes inside strings, empty strings, and now and then a note larger than a 64 KiB frame.
   */
  static List<Reading> sample(int count, long seed, int largeEvery) {
    Random random = new Random(seed);
    List<Reading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String note = switch (i % 4) {
        case 0 -> "";
        case 1 -> "line one\nline two \"quoted\" \\ tab\t";
        case 2 -> "température Ω 測定 🌡️ " + random.nextInt();
        default -> Long.toHexString(random.nextLong());
      };
      if (largeEvery > 0 && i % largeEvery == largeEvery - 1) {
        note = "x".repeat(70_000 + random.nextInt(1000)) + "\n€";
      }
      readings.add(new Reading("sensor-" + random.nextInt(50), i, random.nextDouble() * 1000 - 500,
          List.of("t" + random.nextInt(5), "ü"), note));
    }
    return readings;
  }
}
