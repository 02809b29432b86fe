package dev.iii.examples.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code channels} scenario (issue 5): for each kind — Java SDK, Node SDK 0.11.6, the raw floor on
 * {@code java.net.http} and on Pekko HTTP — a writer process serving {@value ChannelArgs#WRITE_FUNCTION} and a reader process that creates a
 * channel, hands the writer ref over in a call and counts what arrives; a warm-up transfer, then the measured
 * one, through the same engine. Prints MB/s per kind and the two ratios.
 */
final class ChannelBench {

  static final List<String> ALL_KINDS = List.of("java", "node", "raw", "raw-pekko");
  private static final double TARGET_VS_NODE = 1.5;
  private static final double TARGET_VS_RAW = 0.70;
  private static final Duration WRITER_READY_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final JavaLauncher java;
  private final String url;
  private final EngineProbe probe;

  ChannelBench(BenchOptions options, JavaLauncher java, String url, EngineProbe probe) {
    this.options = options;
    this.java = java;
    this.url = url;
    this.probe = probe;
  }

  void run() throws Exception {
    ChannelArgs args = new ChannelArgs(url, ChannelArgs.WRITE_FUNCTION, options.channelWarmupBytes,
        options.channelBytes, options.channelChunkBytes, options.channelBufferFrames);
    System.out.printf(Locale.ROOT, "%nchannels: %,d bytes measured after a %,d-byte warm-up, %,d-byte binary frames,"
            + " channel buffer %d frames; %d round(s)%n", args.bytes(), args.warmupBytes(), args.chunkBytes(),
        args.bufferFrames(), options.rounds);
    KindRounds<ChannelReport> rounds = KindRounds.run(options.channelKinds, options.rounds,
        kind -> kind.contains("node") ? ScenarioSteps.nodeSetupMissing(options, "bench-channel.mjs") : null,
        "channel kind", kind -> runKind(kind, args));
    printTable(rounds.medians(ChannelReport::median), rounds.skipped());
    if (options.rounds > 1) {
      // The median alone hides how much the rounds disagree, which on a busy machine is most of the story.
      rounds.results().forEach((kind, results) -> System.out.printf(Locale.ROOT, "  %s rounds, MB/s: %s%n", kind,
          results.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.megabytesPerSecond())).toList()));
    }
  }

  /**
   * A kind is one client for both ends ({@code java}), or {@code writer:reader} for a mixed pair
   * ({@code java:raw}), which tells which end costs what.
   */
  private ChannelReport runKind(String kind, ChannelArgs args) throws Exception {
    String writerKind = kind.contains(":") ? kind.substring(0, kind.indexOf(':')) : kind;
    String readerKind = kind.contains(":") ? kind.substring(kind.indexOf(':') + 1) : kind;
    System.err.println("channel kind " + kind + ": starting writer");
    try (ChildProcess writer = ChildProcess.start(writerKind + "-channel-writer", writerCommand(writerKind),
        options.childEnv())) {
      probe.awaitRegistered(ChannelArgs.WRITE_FUNCTION, true, WRITER_READY_TIMEOUT, writer);
      System.err.println("channel kind " + kind + ": reader");
      try (ChildProcess reader = ChildProcess.start(readerKind + "-channel-reader", readerCommand(readerKind, args),
          options.childEnv())) {
        String line = reader.awaitLine(ScenarioSteps::isJsonObject, "result JSON line",
            options.phaseTimeout.multipliedBy(2).plusSeconds(60));
        return ChannelReport.parse(line, kind).withClient(kind);
      }
    } finally {
      ScenarioSteps.awaitUnregistered(probe, ChannelArgs.WRITE_FUNCTION, WRITER_READY_TIMEOUT);
    }
  }

  private List<String> writerCommand(String kind) {
    return switch (kind) {
      case "java" -> java.role("java-channel-writer", List.of(url));
      case "raw" -> java.role("raw-channel-writer", List.of(url));
      case "raw-pekko" -> java.role("raw-pekko-channel-writer", List.of(url));
      case "node" -> node(List.of("--role", "writer", "--url", url, "--function", ChannelArgs.WRITE_FUNCTION));
      default -> throw new IllegalArgumentException("unknown channel kind " + kind);
    };
  }

  private List<String> readerCommand(String kind, ChannelArgs args) {
    return switch (kind) {
      case "java" -> java.role("java-channel-reader", List.of(args.toArgs()));
      case "raw" -> java.role("raw-channel-reader", List.of(args.toArgs()));
      case "raw-pekko" -> java.role("raw-pekko-channel-reader", List.of(args.toArgs()));
      case "node" -> node(List.of("--role", "reader", "--url", url, "--function", args.functionId(),
          "--warmup-bytes", Long.toString(args.warmupBytes()), "--bytes", Long.toString(args.bytes()),
          "--chunk-bytes", Integer.toString(args.chunkBytes()), "--buffer", Integer.toString(args.bufferFrames()),
          "--timeout-ms", Long.toString(options.phaseTimeout.toMillis())));
      default -> throw new IllegalArgumentException("unknown channel kind " + kind);
    };
  }

  private List<String> node(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(options.nodeBinary);
    command.add(options.nodeDir.resolve("bench-channel.mjs").toString());
    command.addAll(args);
    return command;
  }

  private void printTable(Map<String, ChannelReport> results, Map<String, String> skipped) {
    System.out.println();
    System.out.printf("%-14s | %8s | %9s | %12s | %12s | %s%n", "kind", "MB/s", "seconds", "MiB measured",
        "warm-up MB/s", "client");
    System.out.println("-".repeat(110));
    for (ChannelReport r : results.values()) {
      double warmup = r.warmupSeconds() > 0 ? r.warmupBytes() / r.warmupSeconds() / 1e6 : Double.NaN;
      System.out.printf(Locale.ROOT, "%-14s | %8.1f | %9.3f | %12.1f | %12.1f | %s%n", r.client(),
          r.megabytesPerSecond(), r.seconds(), r.bytes() / 1048576.0, warmup, label(r.client()));
    }
    skipped.forEach((kind, reason) -> System.out.printf("%-14s | not run: %s%n", kind, reason));
    System.out.println("(MB = 10^6 bytes; seconds from engine::channels::create to end of stream and writer's answer)");
    System.out.println();
    ChannelReport javaResult = results.get("java");
    ChannelReport node = results.get("node");
    ChannelReport raw = results.get("raw");
    if (javaResult != null && node != null) {
      double ratio = javaResult.megabytesPerSecond() / node.megabytesPerSecond();
      System.out.printf(Locale.ROOT, "Java / Node channel throughput: %.2f× (target ≥ %.1f×) — %s%n", ratio,
          TARGET_VS_NODE, ratio >= TARGET_VS_NODE ? "met" : "MISSED");
    }
    if (javaResult != null && raw != null) {
      double ratio = javaResult.megabytesPerSecond() / raw.megabytesPerSecond();
      System.out.printf(Locale.ROOT, "Java / raw channel throughput: %.0f%% (target ≥ %.0f%%) — %s%n", ratio * 100,
          TARGET_VS_RAW * 100, ratio >= TARGET_VS_RAW ? "met" : "MISSED");
    }
    ChannelReport rawPekko = results.get("raw-pekko");
    if (javaResult != null && rawPekko != null) {
      // Same transport on both sides: the difference is what the SDK's channel ends add on top of Pekko HTTP.
      System.out.printf(Locale.ROOT, "Java / raw-pekko channel throughput: %.0f%%%n",
          javaResult.megabytesPerSecond() / rawPekko.megabytesPerSecond() * 100);
    }
    if (node != null && raw != null) {
      System.out.printf(Locale.ROOT, "Node / raw channel throughput: %.0f%%%n",
          node.megabytesPerSecond() / raw.megabytesPerSecond() * 100);
    }
  }

  private static String label(String kind) {
    if (kind.contains(":")) {
      return "mixed: " + label(kind.substring(0, kind.indexOf(':'))) + " writer, "
          + label(kind.substring(kind.indexOf(':') + 1)) + " reader";
    }
    return switch (kind) {
      case "java" -> "Java SDK";
      case "node" -> "Node SDK 0.11.6";
      case "raw" -> "raw floor (java.net.http)";
      case "raw-pekko" -> "raw floor (Pekko HTTP, the SDK's transport)";
      default -> kind;
    };
  }
}
