package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine must not start a thread per frame. Pekko's CompletionStages are Scala {@code CF}s whose plain
 * {@code thenApply}/{@code handle}/{@code whenComplete} run as their {@code *Async} twins on the common pool, and on
 * a 2-CPU machine (pool parallelism 1) the JDK runs each such task on a brand-new thread. A few thousand worker
 * calls through the engine must therefore leave the number of started threads (not only the live ones, which die
 * quickly) about where it was.
 */
class ThreadUsageTest {
  private static final int WARM_UP_CALLS = 200;
  private static final int BATCHES = 20;
  private static final int BATCH = 100;
  /** Room for the HTTP client's and the actor system's own pools growing a little; the old engine started 2 per call. */
  private static final long MAX_NEW_THREADS = 150;

  @Test
  void thousandsOfCallsDoNotStartAThreadPerFrame() throws Exception {
    try (TestEngine engine = TestEngine.start();
        RawWorker callee = RawWorker.connect(engine.url());
        RawWorker caller = RawWorker.connect(engine.url())) {
      callee.send("{\"type\":\"registerfunction\",\"id\":\"load::echo\"}");
      callee.barrier();
      engine.awaitFunction("load::echo");
      runBatch(caller, callee, WARM_UP_CALLS); // pools reach their working size first

      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long startedBefore = threads.getTotalStartedThreadCount();
      int liveBefore = threads.getThreadCount();
      for (int i = 0; i < BATCHES; i++) {
        runBatch(caller, callee, BATCH);
      }
      long started = threads.getTotalStartedThreadCount() - startedBefore;
      int live = threads.getThreadCount();
      assertTrue(started <= MAX_NEW_THREADS, started + " threads were started for " + BATCHES * BATCH + " calls");
      assertTrue(live <= liveBefore + MAX_NEW_THREADS, "live threads grew from " + liveBefore + " to " + live);
    }
  }

  /** {@code n} calls in flight at once: the callee answers each with its payload, the caller gets each back. */
  private static void runBatch(RawWorker caller, RawWorker callee, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(caller.call("load::echo", "{\"n\":" + i + "}"));
    }
    for (int i = 0; i < n; i++) {
      JsonNode call = callee.awaitType("invokefunction");
      callee.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + call.get("invocation_id").asText()
          + "\",\"function_id\":\"load::echo\",\"result\":{\"n\":" + call.path("data").path("n").asInt() + "}}");
    }
    for (int i = 0; i < n; i++) {
      JsonNode result = caller.awaitResult(ids.get(i));
      assertEquals(i, result.path("result").path("n").asInt(), result.toString());
    }
  }
}
