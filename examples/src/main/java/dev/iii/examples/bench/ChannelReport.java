package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;

/**
 * One channel reader's result line: {@code {"client","bytes","seconds","warmup_bytes","warmup_seconds"}}, where
 * {@code seconds} runs from the reader's {@code engine::channels::create} call until it has seen the end of the
 * stream and the writer's answer (so it covers both connects, every byte through the engine, and the close: a
 * few round trips, negligible against hundreds of MiB). The Node reader prints the same line.
 */
record ChannelReport(String client, long bytes, double seconds, long warmupBytes, double warmupSeconds) {

  /** Megabytes (10^6 bytes) per second. */
  double megabytesPerSecond() {
    return bytes / seconds / 1e6;
  }

  ChannelReport withClient(String name) {
    return new ChannelReport(name, bytes, seconds, warmupBytes, warmupSeconds);
  }

  String toJsonLine() {
    return RawWorker.JSON.createObjectNode().put("client", client).put("bytes", bytes).put("seconds", seconds)
        .put("warmup_bytes", warmupBytes).put("warmup_seconds", warmupSeconds).toString();
  }

  static ChannelReport parse(String line, String expectedClient) throws Exception {
    JsonNode json = RawWorker.JSON.readTree(line);
    if (json.hasNonNull("error")) {
      throw new IllegalStateException(expectedClient + " reader failed: " + json.get("error").asText());
    }
    for (String field : List.of("bytes", "seconds")) {
      if (!json.path(field).isNumber()) {
        throw new IllegalStateException(expectedClient + " reader printed no '" + field + "': " + line);
      }
    }
    return new ChannelReport(json.path("client").asText(expectedClient), json.path("bytes").asLong(),
        json.path("seconds").asDouble(), json.path("warmup_bytes").asLong(), json.path("warmup_seconds").asDouble());
  }

  /** The round with the median throughput (a real run, not a blend of several). */
  static ChannelReport median(List<ChannelReport> rounds) {
    List<ChannelReport> sorted = rounds.stream()
        .sorted(Comparator.comparingDouble(ChannelReport::megabytesPerSecond)).toList();
    return sorted.get(sorted.size() / 2);
  }

  /** One transfer of {@code total} bytes through a fresh channel; returns the bytes the reader counted. */
  @FunctionalInterface
  interface Transfer {
    long run(long total) throws Exception;
  }

  /** The reader process's two phases: a warm-up transfer (skipped when 0 bytes), then the measured one. */
  static ChannelReport measure(String client, ChannelArgs args, Transfer transfer) throws Exception {
    double warmupSeconds = 0;
    if (args.warmupBytes() > 0) {
      warmupSeconds = timed(transfer, args.warmupBytes(), client + " warm-up");
      System.err.printf("%s: warm-up %,d bytes in %.2f s%n", client, args.warmupBytes(), warmupSeconds);
    }
    double seconds = timed(transfer, args.bytes(), client + " measured transfer");
    return new ChannelReport(client, args.bytes(), seconds, args.warmupBytes(), warmupSeconds);
  }

  private static double timed(Transfer transfer, long total, String what) throws Exception {
    long start = System.nanoTime();
    long counted = transfer.run(total);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (counted != total) {
      // A short count is a lost byte, not a slow run: the figure would be meaningless.
      throw new IllegalStateException(what + ": the reader counted " + counted + " bytes, the writer sent " + total);
    }
    return seconds;
  }
}
