package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionRef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The roles played by Java SDK workers: echo callee, closed-loop caller, and the two 10k scenarios. */
final class SdkRoles {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  private SdkRoles() {
  }

  static void run(String role, String[] args, Duration phaseTimeout) throws Exception {
    switch (role) {
      case "java-callee" -> callee(args);
      case "java-caller" -> caller(args, phaseTimeout);
      case "register10k" -> register10k(args);
      case "inflight10k-caller" -> inflight10k(args, phaseTimeout);
      default -> throw new IllegalArgumentException("unknown role '" + role + "'");
    }
  }

  private static III connect(String url, String name) {
    return III.registerWorker(url, InitOptions.newBuilder().workerName(name + "-" + ProcessHandle.current().pid())
        .build());
  }

  /** {@code java-callee <url> <function-id> [max-concurrency]}: registers an echo function and serves it. */
  private static void callee(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("java-callee needs: <url> <function-id> [max-concurrency]");
    }
    III worker = connect(args[0], "bench-callee");
    FunctionDef.Builder<JsonNode, Object> echo = FunctionDef.json(args[1], (input, ctx) -> input).toBuilder();
    if (args.length == 3) {
      // inflight10k sends every call at once; the default cap would refuse the excess as overloaded.
      echo.maxConcurrency(CallerArgs.positive(args[2], "max-concurrency"));
    }
    worker.registerFunction(echo.build());
    worker.awaitRegistrations().toCompletableFuture().get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println(RoleSupport.READY_LINE);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::shutdown, "bench-callee-shutdown"));
    RoleSupport.parkForever();
  }

  /** {@code java-caller <url> <function-id> <payload-bytes> <in-flight> <warmup> <measured>} */
  private static void caller(String[] args, Duration phaseTimeout) throws Exception {
    CallerArgs callerArgs = CallerArgs.parse(args, 0);
    JsonNode payload = RawWorker.JSON.readTree(Payloads.objectOfSize(callerArgs.payloadBytes()));
    III worker = connect(callerArgs.url(), "bench-caller");
    try {
      RoleSupport.runCaller("java", callerArgs, () -> worker.callAsync(callerArgs.functionId(), payload),
          phaseTimeout);
    } finally {
      worker.shutdown();
    }
  }

  /**
   * {@code register10k <url> <count>}: registers {@code count} functions, awaits the registration barrier, and
   * reports the wall time and the heap used after GC before and after (the registry, the function actors and
   * whatever the SDK keeps per function).
   */
  private static void register10k(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("register10k needs: <url> <count>");
    }
    int count = CallerArgs.positive(args[1], "count");
    III worker = connect(args[0], "bench-register");
    try {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long heapBefore = heapAfterGc(memory);
      List<FunctionRef> refs = new ArrayList<>(count);
      long start = System.nanoTime();
      try {
        for (int i = 0; i < count; i++) {
          refs.add(worker.registerFunction(FunctionDef.json("bench10k::f" + i, (input, ctx) -> input)));
        }
      } catch (RuntimeException refused) {
        // Reported, not thrown: how far it got is the useful part of the result.
        System.out.println(RawWorker.JSON.createObjectNode().put("functions", refs.size())
            .put("seconds", (System.nanoTime() - start) / 1e9)
            .put("error", "registration " + (refs.size() + 1) + " of " + count + " refused: " + refused).toString());
        return;
      }
      worker.awaitRegistrations().toCompletableFuture().get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      double barrierSeconds = (System.nanoTime() - start) / 1e9;
      // The barrier should mean the engine has them all; checked rather than trusted, so a barrier that returns
      // early cannot make a slow registration look fast. Polling the engine is fine in a benchmark role.
      int seenAtBarrier = countListed(worker);
      int seen = seenAtBarrier;
      long listDeadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
      while (seen < count && System.nanoTime() < listDeadline) {
        Thread.sleep(10);
        seen = countListed(worker);
      }
      // When the barrier held, its time is the answer; otherwise the end of the first poll that saw them all
      // (an upper bound: a 10k-entry listing takes a while itself).
      double listedSeconds = seenAtBarrier == count ? barrierSeconds : (System.nanoTime() - start) / 1e9;
      long heapAfter = heapAfterGc(memory);
      System.out.println(RawWorker.JSON.createObjectNode()
          .put("functions", refs.size()).put("barrier_seconds", barrierSeconds)
          .put("seen_at_barrier", seenAtBarrier).put("seen_by_engine", seen)
          .put("seconds", listedSeconds)
          .put("heap_before_mib", heapBefore / 1048576.0).put("heap_after_mib", heapAfter / 1048576.0)
          .put("heap_delta_mib", (heapAfter - heapBefore) / 1048576.0).toString());
      System.out.flush();
    } finally {
      worker.shutdown();
    }
  }

  private static int countListed(III worker) throws Exception {
    JsonNode listed = worker.callAsync("engine::functions::list", Map.of()).toCompletableFuture()
        .get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    int seen = 0;
    for (JsonNode function : listed.path("functions")) {
      if (function.path("function_id").asText().startsWith("bench10k::f")) {
        seen++;
      }
    }
    return seen;
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    // Two collections: the first may only finish what a concurrent cycle left; the figure is the live set.
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * {@code inflight10k-caller <url> <function-id> <calls> <payload-bytes>}: issues every call before awaiting any,
   * then counts completed (with the echoed payload), failed (by exception type) and lost (no outcome in time).
   */
  private static void inflight10k(String[] args, Duration phaseTimeout) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("inflight10k-caller needs: <url> <function-id> <calls> <payload-bytes>");
    }
    int calls = CallerArgs.positive(args[2], "calls");
    JsonNode payload = RawWorker.JSON.readTree(Payloads.objectOfSize(CallerArgs.positive(args[3], "payload-bytes")));
    III worker = connect(args[0], "bench-inflight");
    try {
      List<CompletableFuture<JsonNode>> futures = new ArrayList<>(calls);
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        futures.add(worker.callAsync(args[1], payload).toCompletableFuture());
      }
      try {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
            .get(phaseTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException expected) {
        // counted one by one below
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int completed = 0;
      int wrongResult = 0;
      int lost = 0;
      Map<String, Integer> failures = new TreeMap<>();
      for (CompletableFuture<JsonNode> future : futures) {
        if (!future.isDone()) {
          lost++;
        } else if (future.isCompletedExceptionally()) {
          failures.merge(failureName(future), 1, Integer::sum);
        } else if (payload.get("data").equals(future.join().get("data"))) {
          completed++;
        } else {
          wrongResult++;
        }
      }
      var errors = RawWorker.JSON.createObjectNode();
      failures.forEach(errors::put);
      if (wrongResult > 0) {
        errors.put("wrong result", wrongResult);
      }
      System.out.println(RawWorker.JSON.createObjectNode()
          .put("calls", calls).put("completed", completed).put("failed", calls - completed - lost).put("lost", lost)
          .put("seconds", seconds).set("errors", errors).toString());
      System.out.flush();
    } finally {
      worker.shutdown();
    }
  }

  private static String failureName(CompletableFuture<?> failed) {
    try {
      failed.join();
      return "none";
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return cause.getClass().getSimpleName();
    }
  }
}
