package dev.iii.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The orchestrator's command line: {@code [compare|register10k|inflight10k|channels|all] [--option value]…}. */
final class BenchOptions {

  static final String USAGE = """
      usage: BenchMain [compare|register10k|inflight10k|channels|all] [options]
        compare       sync round trip, raw relay vs Java SDK vs Node SDK (default)
        register10k   one JVM registers --functions functions, reports wall time and heap
        inflight10k   --calls calls issued at once to one callee, reports completed/failed/lost
        channels      channel MB/s, Java SDK vs Node SDK vs raw WebSocket floor (writer and reader processes)
        all           all four
      options (defaults in brackets):
        --kinds raw,raw-pekko,java,node  client kinds to compare, in this order [all four]
        --payload N                  payload bytes [100]
        --warmup N                   warm-up calls per caller process, every kind [20000]
        --measured-latency N         measured calls at 1 in flight [20000]
        --measured-throughput N      measured calls at --in-flight [100000]
        --in-flight N                in-flight calls of the throughput run [64]
        --rounds N                   repeat compare/channels, kinds in rotating order; medians shown [1]
        --telemetry on|off           telemetry in workers and engine (OTEL_ENABLED) [off]
        --channel-bytes SIZE         channels: measured bytes per transfer; k/m/g suffixes (KiB/MiB/GiB) [256m]
        --channel-warmup SIZE        channels: warm-up transfer before the measured one, 0 for none [64m]
        --channel-chunk SIZE         channels: binary frame (write) size [64k]
        --channel-buffer N           channels: buffer_size of each channel, in frames [64]
        --channel-kinds java,node,raw,raw-pekko  channels: kinds to compare, in this order [all four]; a
                                     mixed pair writer:reader (e.g. java:raw) shows which end costs what
        --functions N                register10k: functions to register [10000]
        --calls N                    inflight10k: calls issued at once [10000]
        --engine-jar PATH            test engine standalone jar
                                     [src-test-fixtures/target/iii-testkit-0.1.0-SNAPSHOT-standalone.jar]
        --engine-url ws://host:port  use this running engine instead of starting the jar
        --node-dir PATH              folder with bench-callee.mjs / bench-caller.mjs / bench-channel.mjs
                                     [interop/node]
        --node PATH                  node binary [node]
        --jvm-opts "OPTS"            options of every worker JVM, space-separated [-Xms1g -Xmx1g]
        --engine-jvm-opts "OPTS"     options of the engine's JVM [same as --jvm-opts]
        --phase-timeout SECONDS      deadline of one warm-up or measured phase [300]
      """;

  String mode = "compare";
  static final List<String> ALL_KINDS = List.of("raw", "raw-pekko", "java", "node");

  List<String> kinds = ALL_KINDS;
  int payloadBytes = 100;
  int warmup = 20_000;
  int measuredLatency = 20_000;
  int measuredThroughput = 100_000;
  int inFlight = 64;
  int rounds = 1;
  /** Telemetry in the workers (the invoke benchmark with telemetry on vs off); off by default (DESIGN §6). */
  boolean telemetry = false;
  long channelBytes = 256L << 20;
  long channelWarmupBytes = 64L << 20;
  int channelChunkBytes = 64 << 10;
  int channelBufferFrames = 64;
  List<String> channelKinds = ChannelBench.ALL_KINDS;
  int functions = 10_000;
  int calls = 10_000;
  Path engineJar;
  String engineUrl;
  Path nodeDir;
  String nodeBinary = "node";
  List<String> jvmOptions = List.of("-Xms1g", "-Xmx1g");
  /** Null means "same as the workers". */
  List<String> engineJvmOptions;
  Duration phaseTimeout = Duration.ofSeconds(300);

  static BenchOptions parse(String[] args) {
    BenchOptions options = new BenchOptions();
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
      options.mode = rest.remove(0).toLowerCase(Locale.ROOT);
      if (!List.of("compare", "register10k", "inflight10k", "channels", "all").contains(options.mode)) {
        throw new IllegalArgumentException("unknown mode '" + options.mode + "'\n" + USAGE);
      }
    }
    for (int i = 0; i < rest.size(); i++) {
      String name = rest.get(i);
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= rest.size()) {
        throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
      }
      String value = rest.get(++i);
      switch (name) {
        case "--kinds" -> options.kinds = parseKinds(value, ALL_KINDS);
        case "--payload" -> options.payloadBytes = CallerArgs.positive(value, name);
        case "--warmup" -> options.warmup = CallerArgs.nonNegative(value, name);
        case "--measured-latency" -> options.measuredLatency = CallerArgs.positive(value, name);
        case "--measured-throughput" -> options.measuredThroughput = CallerArgs.positive(value, name);
        case "--in-flight" -> options.inFlight = CallerArgs.positive(value, name);
        case "--rounds" -> options.rounds = CallerArgs.positive(value, name);
        case "--telemetry" -> options.telemetry = parseOnOff(value, name);
        case "--channel-bytes" -> options.channelBytes = ChannelArgs.parseSize(value, name, false);
        case "--channel-warmup" -> options.channelWarmupBytes = ChannelArgs.parseSize(value, name, true);
        case "--channel-chunk" -> options.channelChunkBytes = chunkSize(value, name);
        case "--channel-buffer" -> options.channelBufferFrames = CallerArgs.positive(value, name);
        case "--channel-kinds" -> options.channelKinds = parseChannelKinds(value);
        case "--functions" -> options.functions = CallerArgs.positive(value, name);
        case "--calls" -> options.calls = CallerArgs.positive(value, name);
        case "--engine-jar" -> options.engineJar = Path.of(value);
        case "--engine-url" -> options.engineUrl = value;
        case "--node-dir" -> options.nodeDir = Path.of(value);
        case "--node" -> options.nodeBinary = value;
        case "--jvm-opts" -> options.jvmOptions = splitOptions(value);
        case "--engine-jvm-opts" -> options.engineJvmOptions = splitOptions(value);
        case "--phase-timeout" -> options.phaseTimeout = Duration.ofSeconds(CallerArgs.positive(value, name));
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    if (options.engineJar == null && options.engineUrl == null) {
      options.engineJar =
          findInRepo(Path.of("src-test-fixtures", "target", "iii-testkit-0.1.0-SNAPSHOT-standalone.jar"));
    }
    if (options.nodeDir == null) {
      options.nodeDir = findInRepo(Path.of("interop", "node"));
    }
    return options;
  }

  private static List<String> splitOptions(String value) {
    return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  private static List<String> parseKinds(String value, List<String> known) {
    List<String> kinds = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String kind : kinds) {
      if (!known.contains(kind)) {
        throw new IllegalArgumentException("unknown kind '" + kind + "' (one of " + known + ")");
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("--kinds names no kind");
    }
    return kinds;
  }

  /** Resolves a repository path whether run from the repository root or from the examples module. */
  private static Path findInRepo(Path relative) {
    for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
      Path candidate = base.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of("").toAbsolutePath().resolve(relative);
  }

  /** Channel kinds: {@code java}, {@code node}, {@code raw}, or a mixed {@code writer:reader} pair of them. */
  private static List<String> parseChannelKinds(String value) {
    List<String> kinds = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String kind : kinds) {
      for (String end : kind.split(":", -1)) {
        if (!ChannelBench.ALL_KINDS.contains(end) || kind.split(":", -1).length > 2) {
          throw new IllegalArgumentException("unknown channel kind '" + kind + "' (one of " + ChannelBench.ALL_KINDS
              + ", or writer:reader such as java:raw)");
        }
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("--channel-kinds names no kind");
    }
    return kinds;
  }

  /**
   * A write size: at most 16 MiB, the engine's largest WebSocket frame (PROTOCOL §1.6). The SDKs split writes into
   * frames of at most 64 KiB anyway; only the raw floor sends each write as one frame.
   */
  private static int chunkSize(String value, String name) {
    long bytes = ChannelArgs.parseSize(value, name, false);
    if (bytes > (16 << 20)) {
      throw new IllegalArgumentException(name + " must be at most 16m, got '" + value + "'");
    }
    return (int) bytes;
  }

  private static boolean parseOnOff(String value, String name) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(name + " takes on or off, not " + value);
    };
  }

  /**
   * The environment of every child process. Telemetry off on both sides: the Node SDK and ours read OTEL_ENABLED,
   * the OTel Java SDK OTEL_SDK_DISABLED. With {@code --telemetry on} nothing is set, so both SDKs use their default
   * (on) and send to the engine's /otel endpoint.
   */
  java.util.Map<String, String> childEnv() {
    return telemetry ? java.util.Map.of() : BenchMain.CHILD_ENV;
  }
}
