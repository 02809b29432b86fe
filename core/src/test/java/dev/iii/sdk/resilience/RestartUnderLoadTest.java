package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.IIIException;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.ServiceDef;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, must-show 6: the engine restarts with 1,000 calls in flight and new calls arriving. Every call ends
 * (result or typed error) by its timeout plus a second, no handler runs twice for one invocation id, and every
 * function and service is registered again.
 */
@Tag("heavy")
class RestartUnderLoadTest {

  @Test
  void restartWithAThousandCallsInFlight() throws Exception {
    Duration timeout = Duration.ofSeconds(5);
    CountDownLatch gate = new CountDownLatch(1);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    try (TestEngine engine = TestSupport.startEngine();
        III callee = III.registerWorker(engine.url(), InitOptions.newBuilder()
            .reconnection(fastRetries(-1)).handlerPoolSize(1_500).build());
        III caller = III.registerWorker(engine.url(), InitOptions.newBuilder()
            .reconnection(fastRetries(-1)).build())) {
      callee.registerFunction(FunctionDef.json("load::work", (in, ctx) -> {
        if (!seen.add(ctx.invocationId())) {
          duplicates.incrementAndGet();
        }
        started.incrementAndGet();
        gate.await(10, TimeUnit.SECONDS); // held until after the restart, so the calls are truly in flight
        return in.path("i").asInt();
      }));
      callee.registerFunction(FunctionDef.json("load::quick", (in, ctx) -> {
        if (!seen.add(ctx.invocationId())) {
          duplicates.incrementAndGet();
        }
        return in.path("i").asInt();
      }));
      callee.registerService(ServiceDef.of("load-svc"));
      await(callee.awaitRegistrations(), Duration.ofSeconds(10));

      List<CompletableFuture<Object>> calls = new CopyOnWriteArrayList<>();
      List<Long> deadlines = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        deadlines.add(System.nanoTime() + timeout.toNanos());
        calls.add(caller.callAsync("load::work", Map.of("i", i), Object.class, timeout).toCompletableFuture());
      }
      awaitCondition(Duration.ofSeconds(20), () -> started.get() >= 1_000, "1,000 handlers running");

      AtomicBoolean stop = new AtomicBoolean();
      Thread steady = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          deadlines.add(System.nanoTime() + timeout.toNanos());
          calls.add(caller.callAsync("load::quick", Map.of("i", i++), Object.class, timeout).toCompletableFuture());
          try {
            TimeUnit.MILLISECONDS.sleep(2); // pacing of the load generator, not synchronisation
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "steady-caller");
      steady.start();
      engine.restart();
      gate.countDown();

      awaitCondition(Duration.ofSeconds(20), () -> callee.connectionState() == ConnectionState.CONNECTED
          && caller.connectionState() == ConnectionState.CONNECTED
          && engine.functions().stream().filter(f -> f.id().startsWith("load::")).count() == 2
          && engine.services().stream().anyMatch(s -> s.id().equals("load-svc")), "everything back after restart");
      int before = calls.size();
      awaitCondition(Duration.ofSeconds(10), () -> calls.size() >= before + 50, "new calls keep going");
      stop.set(true);
      steady.join(5_000);

      int completed = 0;
      int typedFailures = 0;
      for (int i = 0; i < calls.size(); i++) {
        long left = deadlines.get(i) + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
        try {
          calls.get(i).get(Math.max(left, 0), TimeUnit.NANOSECONDS);
          completed++;
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e.getCause();
          assertTrue(c instanceof IIIException, "typed failure, got " + c);
          typedFailures++;
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError("call " + i + " still pending one second after its timeout");
        }
      }
      System.out.printf("restart under load: issued=%d completed=%d failedTyped=%d duplicates=%d%n",
          calls.size(), completed, typedFailures, duplicates.get());
      assertEquals(calls.size(), completed + typedFailures);
      assertEquals(0, duplicates.get(), "no handler ran twice for one invocation id");
      assertTrue(completed > 0, "calls after the restart succeed");
    } finally {
      gate.countDown();
    }
  }
}
