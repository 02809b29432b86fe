package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The orchestrated scenarios: each starts its child processes, collects their JSON lines and prints a report. */
final class Scenarios {

  private static final Duration CALLEE_READY_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final JavaLauncher java;
  private final String url;
  private final EngineProbe probe;

  Scenarios(BenchOptions options, JavaLauncher java, String url, EngineProbe probe) {
    this.options = options;
    this.java = java;
    this.url = url;
    this.probe = probe;
  }

  /**
   * Latency at 1 in flight and throughput at N in flight, per kind, then the table and the target ratios. With
   * several rounds the kinds take turns in a rotating order (so drift in the machine's load hits each alike) and
   * the table shows each figure's median over the rounds.
   */
  void compare() throws Exception {
    System.out.printf("%ncompare: warm-up %,d per caller; measured %,d @1 in flight, %,d @%d in flight; %d round(s)%n",
        options.warmup, options.measuredLatency, options.measuredThroughput, options.inFlight, options.rounds);
    KindRounds<KindResult> rounds = KindRounds.run(options.kinds, options.rounds,
        kind -> kind.equals("node") ? ScenarioSteps.nodeSetupMissing(options, "bench-caller.mjs") : null,
        "kind", kind -> runKind(ClientKind.of(kind, java, options)));
    ResultTable.print(rounds.medians(KindResult::median), rounds.skipped(), options);
  }

  private KindResult runKind(ClientKind kind) throws Exception {
    System.err.println("kind " + kind.name() + ": starting callee");
    try (ChildProcess callee = ChildProcess.start(kind.name() + "-callee", kind.calleeCommand().apply(url,
        BenchMain.FUNCTION_ID), options.childEnv())) {
      probe.awaitRegistered(BenchMain.FUNCTION_ID, true, CALLEE_READY_TIMEOUT, callee);
      CallerReport latency = runCaller(kind, 1, options.measuredLatency);
      CallerReport throughput = runCaller(kind, options.inFlight, options.measuredThroughput);
      return new KindResult(kind, latency, throughput);
    } finally {
      awaitCalleeGone();
    }
  }

  /** The next run registers the same id: wait until the engine has dropped the stopped callee's registration. */
  private void awaitCalleeGone() {
    ScenarioSteps.awaitUnregistered(probe, BenchMain.FUNCTION_ID, CALLEE_READY_TIMEOUT);
  }

  private CallerReport runCaller(ClientKind kind, int inFlight, int measured) throws Exception {
    CallerArgs args = new CallerArgs(url, BenchMain.FUNCTION_ID, options.payloadBytes, inFlight, options.warmup,
        measured);
    System.err.printf("kind %s: caller @%d in flight%n", kind.name(), inFlight);
    try (ChildProcess caller = ChildProcess.start(kind.name() + "-caller", kind.callerCommand().apply(args),
        options.childEnv())) {
      String line = caller.awaitLine(ScenarioSteps::isJsonObject, "result JSON line",
          options.phaseTimeout.multipliedBy(2).plusSeconds(60));
      awaitExitQuietly(caller);
      return CallerReport.parse(line, kind.name(), inFlight);
    }
  }

  /** {@code register10k}: one JVM registers N functions and awaits the registration barrier. */
  void register10k() throws Exception {
    System.out.printf("%nregister10k: %,d functions in one JVM (targets: < 1 s, < 32 MiB heap)%n", options.functions);
    JsonNode result = runJavaRole("register10k", List.of(url, Integer.toString(options.functions)));
    if (result == null) {
      return;
    }
    if (result.hasNonNull("error")) {
      System.out.println("  FAILED: " + result.get("error").asText());
      return;
    }
    int functions = result.path("functions").asInt();
    int seen = result.path("seen_by_engine").asInt();
    double seconds = result.path("seconds").asDouble();
    double heapMiB = result.path("heap_delta_mib").asDouble();
    System.out.printf(Locale.ROOT, "  barrier returned after %.3f s with %,d of %,d listed by the engine%s%n",
        result.path("barrier_seconds").asDouble(), result.path("seen_at_barrier").asInt(), functions,
        result.path("seen_at_barrier").asInt() < functions ? " (the barrier returned early)" : "");
    System.out.printf(Locale.ROOT,
        "  %,d of %,d listed after %.3f s [%s]; heap after GC %.1f → %.1f MiB, +%.1f MiB [%s]%n",
        seen, functions, seconds, seen == functions && seconds < 1.0 ? "target met" : "target MISSED",
        result.path("heap_before_mib").asDouble(), result.path("heap_after_mib").asDouble(), heapMiB,
        heapMiB < 32.0 ? "target met" : "target MISSED");
  }

  /** {@code inflight10k}: N calls issued at once to one Java SDK callee; none may be lost. */
  void inflight10k() throws Exception {
    System.out.printf("%ninflight10k: %,d calls issued at once (target: none lost)%n", options.calls);
    try (ChildProcess callee = ChildProcess.start("java-callee",
        java.role("java-callee", List.of(url, BenchMain.FUNCTION_ID, Integer.toString(options.calls))),
        options.childEnv())) {
      try {
        probe.awaitRegistered(BenchMain.FUNCTION_ID, true, CALLEE_READY_TIMEOUT, callee);
      } catch (IllegalStateException calleeFailed) {
        System.out.println("  FAILED: " + calleeFailed.getMessage());
        return;
      }
      JsonNode result = runJavaRole("inflight10k-caller",
          List.of(url, BenchMain.FUNCTION_ID, Integer.toString(options.calls), Integer.toString(options.payloadBytes)));
      if (result == null) {
        return;
      }
      long lost = result.path("lost").asLong();
      long failed = result.path("failed").asLong();
      System.out.printf(Locale.ROOT,
          "  completed %,d, failed %,d, lost %,d in %.3f s [none lost: %s; all answered: %s]%s%n",
          result.path("completed").asLong(), failed, lost, result.path("seconds").asDouble(),
          lost == 0 ? "met" : "MISSED", failed == 0 && lost == 0 ? "yes" : "NO",
          result.path("errors").isEmpty() ? "" : "; failures by kind: " + result.path("errors"));
    } finally {
      awaitCalleeGone();
    }
  }

  /** Runs a one-shot Java role and returns its JSON line, or prints why there is none and returns null. */
  private JsonNode runJavaRole(String role, List<String> args) throws Exception {
    try (ChildProcess child = ChildProcess.start(role, java.role(role, args), options.childEnv())) {
      String line = child.awaitLine(ScenarioSteps::isJsonObject, "result JSON line",
          options.phaseTimeout.plusSeconds(60));
      awaitExitQuietly(child);
      return RawWorker.JSON.readTree(line);
    } catch (IllegalStateException noResult) {
      System.out.println("  FAILED: " + noResult.getMessage());
      return null;
    }
  }

  /** The result is in; a child slow to shut down is killed with a warning instead of discarding the result. */
  private static void awaitExitQuietly(ChildProcess child) throws InterruptedException {
    try {
      child.awaitExit(Duration.ofSeconds(30));
    } catch (IllegalStateException slow) {
      System.err.println("warning: " + slow.getMessage() + "; killed");
    }
  }

  /** One kind's two caller results. */
  record KindResult(ClientKind kind, CallerReport latency, CallerReport throughput) {

    /** Each figure's own median over the rounds (failures and losses are summed, never averaged away). */
    static KindResult median(List<KindResult> rounds) {
      if (rounds.size() == 1) {
        return rounds.get(0);
      }
      return new KindResult(rounds.get(0).kind(),
          CallerReport.median(rounds.stream().map(KindResult::latency).toList()),
          CallerReport.median(rounds.stream().map(KindResult::throughput).toList()));
    }
  }
}
