package dev.iii.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invocation and channel benchmarks, run by hand. The orchestrator starts the test engine's standalone jar
 * as its own process, then for each client kind a callee process and two caller processes (1 in flight for
 * latency, then {@code --in-flight} for throughput) with equal warm-up and measured counts, and prints one table.
 * The {@code channels} mode measures channel MB/s instead ({@link ChannelBench}).
 *
 * <pre>
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl examples exec:exec -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath dev.iii.examples.bench.BenchMain all"
 * </pre>
 *
 * <p>({@code exec:exec}, not {@code exec:java}: the module's pom fixes {@code exec:java}'s main class to the main
 * example, and a separate JVM keeps Maven's own threads out of the orchestrator.) Options: {@link BenchOptions}.
 * Child processes re-enter this class as {@code BenchMain role <role> <args…>}.
 */
public final class BenchMain {

  static final String FUNCTION_ID = "bench::echo";
  private static final Pattern ENGINE_READY = Pattern.compile("listening on (wss?://\\S+)");
  /** Telemetry off on both sides (DESIGN §6): the Node SDK reads OTEL_ENABLED, the OTel Java SDK OTEL_SDK_DISABLED. */
  static final Map<String, String> CHILD_ENV = Map.of(
      "OTEL_ENABLED", "false", "OTEL_METRICS_ENABLED", "false", "OTEL_SDK_DISABLED", "true");

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("role")) {
      runRole(args);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException badArgs) {
      System.err.println(badArgs.getMessage());
      System.exit(2);
      return;
    }
    try {
      new BenchMain().orchestrate(options);
    } finally {
      ChildProcess.killAll();
    }
  }

  /** Exits the JVM in every case: SDK and HTTP client threads would otherwise keep a failed role alive. */
  private static void runRole(String[] args) {
    try {
      runRoleOrThrow(args);
    } catch (Throwable failure) {
      System.err.println("role " + String.join(" ", args) + " failed:");
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void runRoleOrThrow(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("role needs a name");
    }
    RoleSupport.exitWhenParentGoes();
    String role = args[1];
    String[] rest = Arrays.copyOfRange(args, 2, args.length);
    Duration phaseTimeout = Duration.ofSeconds(Long.getLong("bench.phaseTimeoutSeconds", 300));
    switch (role) {
      case "raw-callee" -> RawRoles.callee(rest, TextSocket.Transport.JDK);
      case "raw-caller" -> RawRoles.caller(rest, TextSocket.Transport.JDK, phaseTimeout);
      case "raw-pekko-callee" -> RawRoles.callee(rest, TextSocket.Transport.PEKKO);
      case "raw-pekko-caller" -> RawRoles.caller(rest, TextSocket.Transport.PEKKO, phaseTimeout);
      case "java-channel-writer" -> ChannelRoles.writer(rest);
      case "java-channel-reader" -> ChannelRoles.reader(rest, phaseTimeout);
      case "raw-channel-writer" -> RawChannelRoles.writer(rest, TextSocket.Transport.JDK, phaseTimeout);
      case "raw-channel-reader" -> RawChannelRoles.reader(rest, TextSocket.Transport.JDK, phaseTimeout);
      case "raw-pekko-channel-writer" -> RawChannelRoles.writer(rest, TextSocket.Transport.PEKKO, phaseTimeout);
      case "raw-pekko-channel-reader" -> RawChannelRoles.reader(rest, TextSocket.Transport.PEKKO, phaseTimeout);
      default -> SdkRoles.run(role, rest, phaseTimeout);
    }
  }

  private void orchestrate(BenchOptions options) throws Exception {
    List<String> jvmOptions = new ArrayList<>(options.jvmOptions);
    jvmOptions.add("-Dbench.phaseTimeoutSeconds=" + options.phaseTimeout.toSeconds());
    // Loaded now, not when first needed minutes later: a rebuild meanwhile may have replaced target/classes.
    for (Class<?> later : List.of(Scenarios.class, Scenarios.KindResult.class, ResultTable.class, ClientKind.class,
        CallerReport.class, CallerArgs.class, EngineProbe.class, RawWorker.class, RawWebSocket.class,
        ChannelBench.class, ChannelArgs.class, ChannelReport.class)) {
      Class.forName(later.getName(), true, later.getClassLoader());
    }
    BuildSnapshot snapshot = BuildSnapshot.create();
    JavaLauncher java = new JavaLauncher(snapshot.copyClasspath(JavaLauncher.moduleClasspath()), jvmOptions);
    System.out.println("iii benchmark (" + options.mode + ") — " + Instant.now());
    MachineFacts.collect(java.javaBinary(), options.nodeBinary)
        .forEach((name, value) -> System.out.printf("  %-7s %s%n", name, value));
    System.out.printf("  worker JVM options: %s; engine JVM options: %s%n", String.join(" ", options.jvmOptions),
        String.join(" ", options.engineJvmOptions != null ? options.engineJvmOptions : options.jvmOptions));
    System.out.printf("  telemetry %s; payload %d bytes; function %s%n", options.telemetry ? "on" : "off",
        options.payloadBytes, FUNCTION_ID);

    ChildProcess engineProcess = null;
    String url = options.engineUrl;
    if (url == null) {
      if (!Files.isRegularFile(options.engineJar)) {
        throw new IllegalStateException("test engine jar not found: " + options.engineJar
            + " (build it with: mvn -q -B install -DskipTests, or pass --engine-jar / --engine-url)");
      }
      // The engine logs each connect at INFO; only warnings are worth interleaving with the report.
      List<String> engineOptions = new ArrayList<>(
          options.engineJvmOptions != null ? options.engineJvmOptions : options.jvmOptions);
      engineOptions.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      JavaLauncher engineJvm = java.withOptions(engineOptions);
      Path engineJar = snapshot.copy(options.engineJar);
      engineProcess = ChildProcess.start("engine", engineJvm.jar(engineJar, List.of("--port", "0")), options.childEnv());
      Matcher ready = ENGINE_READY.matcher(engineProcess.awaitLine(
          line -> ENGINE_READY.matcher(line).find(), "'listening on ws://…' line", Duration.ofSeconds(60)));
      ready.find();
      url = ready.group(1);
    }
    System.out.println("  engine  " + url + (engineProcess == null ? " (external)" : " (test engine jar, own JVM)"));
    try (EngineProbe probe = new EngineProbe(url)) {
      Scenarios scenarios = new Scenarios(options, java, url, probe);
      if (options.mode.equals("compare") || options.mode.equals("all")) {
        scenarios.compare();
      }
      if (options.mode.equals("register10k") || options.mode.equals("all")) {
        scenarios.register10k();
      }
      if (options.mode.equals("inflight10k") || options.mode.equals("all")) {
        scenarios.inflight10k();
      }
      if (options.mode.equals("channels") || options.mode.equals("all")) {
        new ChannelBench(options, java, url, probe).run();
      }
      System.out.println("\n  load at end: " + MachineFacts.loadAverage());
    } finally {
      if (engineProcess != null) {
        engineProcess.close();
      }
    }
  }
}
