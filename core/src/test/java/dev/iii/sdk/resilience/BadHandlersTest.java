package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.InvocationTimeoutException;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, must-show 7: handlers that throw or hang by the thousand: the worker stays up, each caller gets
 * {@code invocation_failed} or a timeout, threads and heap stay bounded, and a healthy function still answers.
 */
class BadHandlersTest {

  @Test
  void twoThousandBadHandlers() throws Exception {
    run(2_000);
  }

  @Test
  @Tag("heavy")
  void tenThousandBadHandlers() throws Exception {
    run(10_000);
  }

  private static void run(int calls) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    int hangs = 100; // below the default pool of 256 threads: hung handlers hold threads, the rest must still run
    try (TestEngine engine = TestSupport.startEngine();
        III callee = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
        III caller = III.registerWorker(engine.url(), InitOptions.getDefaultInstance())) {
      callee.registerFunction(FunctionDef.json("bad::throw", (in, ctx) -> {
        throw new IllegalStateException("boom " + in.path("i").asInt());
      }));
      callee.registerFunction(FunctionDef.json("bad::hang", (in, ctx) -> {
        never.await(60, TimeUnit.SECONDS);
        return "too late";
      }));
      callee.registerFunction(FunctionDef.json("bad::healthy", (in, ctx) -> "fine"));
      await(callee.awaitRegistrations(), Duration.ofSeconds(10));
      Runtime rt = Runtime.getRuntime();
      int threadsBefore = Thread.activeCount();

      AtomicInteger failed = new AtomicInteger();
      AtomicInteger timedOut = new AtomicInteger();
      List<Throwable> unexpected = new ArrayList<>();
      int batch = 500;
      for (int start = 0; start < calls; start += batch) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = start; i < Math.min(calls, start + batch); i++) {
          boolean hang = i % (calls / hangs) == 0;
          CompletableFuture<?> f = caller.callAsync(hang ? "bad::hang" : "bad::throw", Map.of("i", i),
                  // Hung calls time out fast; throwing ones get room for a loaded 2-core machine.
                  String.class, hang ? Duration.ofSeconds(1) : Duration.ofSeconds(15))
              .toCompletableFuture()
              .handle((r, t) -> {
                Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                if (c instanceof InvocationTimeoutException) {
                  timedOut.incrementAndGet();
                } else if (c instanceof InvocationException ie && ErrorCodes.INVOCATION_FAILED.equals(ie.code())) {
                  failed.incrementAndGet();
                } else {
                  synchronized (unexpected) {
                    unexpected.add(c != null ? c : new AssertionError("a bad handler answered " + r));
                  }
                }
                return null;
              });
          inFlight.add(f);
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      }

      assertTrue(unexpected.isEmpty(), unexpected.size() + " unexpected outcomes, first: "
          + (unexpected.isEmpty() ? "" : unexpected.get(0)));
      assertEquals(calls, failed.get() + timedOut.get());
      assertEquals(hangs, timedOut.get(), "exactly the hanging calls timed out");
      assertEquals("fine", callee.call("bad::healthy", null).asText(), "healthy function on the same worker");
      assertEquals("fine", caller.call("bad::healthy", null).asText(), "and through the engine");
      assertEquals(ConnectionState.CONNECTED, callee.connectionState());
      int threadsAfter = Thread.activeCount();
      assertTrue(threadsAfter <= threadsBefore + 300, "threads bounded: " + threadsBefore + " -> " + threadsAfter);
      System.gc();
      long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
      assertTrue(usedMb < 512, "heap bounded after GC: " + usedMb + " MiB");
    } finally {
      never.countDown();
    }
  }
}
