package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.iii.testkit.EngineFunction;
import dev.iii.testkit.TestEngine;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * The call path under load (issue 3): no thread per call, a registration barrier that really covers every
 * registration, lanes that take 10,000 registrations and 10,000 concurrent calls, and a full call lane that refuses.
 */
class CallPathLoadTest {

  private static FunctionDef<JsonNode, Object> echo(String id) {
    return FunctionDef.json(id, (in, ctx) -> in).toBuilder().maxConcurrency(20_000).build();
  }

  @Test
  void callsBetweenTwoWorkersDoNotStartAThreadPerCall() throws Exception {
    try (TestEngine engine = TestSupport.startEngine()) {
      III callee = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee").build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(echo("load::echo"));
        await(callee.awaitRegistrations());
        // Warm up: pools, the handler threads and the stream's actors exist before we count.
        runCalls(caller, 300, 8);

        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        runCalls(caller, 3_000, 8);
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

        // Before the fix every reply (an offer's handle on the Scala future) started a thread: ~3,000 here.
        assertTrue(started < 150, "3,000 calls started " + started + " threads");
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    }
  }

  /** {@code total} calls, {@code window} at a time, each checked for its echoed payload. */
  private static void runCalls(III caller, int total, int window) throws Exception {
    for (int i = 0; i < total; i += window) {
      List<CompletableFuture<JsonNode>> batch = new ArrayList<>();
      for (int k = i; k < Math.min(total, i + window); k++) {
        batch.add(caller.callAsync("load::echo", Map.of("n", k)).toCompletableFuture());
      }
      for (int k = 0; k < batch.size(); k++) {
        assertEquals(i + k, batch.get(k).get(10, TimeUnit.SECONDS).path("n").asInt());
      }
    }
  }

  @Test
  void awaitRegistrationsCoversEveryFunctionRegisteredBeforeIt() {
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("many").build());
      try {
        // 10,000 used to overflow the control lane at ~4,200; the barrier used to answer after ~600-3,400 of them.
        registerAndAssertListed(engine, worker, 0, 10_000);
        registerAndAssertListed(engine, worker, 10_000, 12_000);
      } finally {
        worker.shutdown();
      }
    }
  }

  private static void registerAndAssertListed(TestEngine engine, III worker, int from, int to) {
    for (int i = from; i < to; i++) {
      worker.registerFunction(echo("many::f" + i));
    }
    await(worker.awaitRegistrations(), Duration.ofSeconds(60));
    Set<String> listed =
        engine.functions().stream()
            .map(EngineFunction::id)
            .filter(id -> id.startsWith("many::"))
            .collect(Collectors.toSet());
    assertEquals(to, listed.size(), "functions the engine lists right after the barrier");
  }

  @Test
  void tenThousandConcurrentCallsAllComplete() throws Exception {
    // A queueing handler executor: this test is about the caller's lanes, not the callee's bounded pool.
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    try (TestEngine engine = TestSupport.startEngine()) {
      III callee =
          III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee").handlerExecutor(handlers).build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(echo("load::echo"));
        await(callee.awaitRegistrations());

        int n = 10_000;
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          calls.add(caller.callAsync("load::echo", Map.of("n", i), JsonNode.class, Duration.ofSeconds(60))
              .toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
          assertEquals(i, calls.get(i).join().path("n").asInt());
        }
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    } finally {
      handlers.shutdownNow();
    }
  }

  @Test
  void repliesBeyondAFullReplyLaneWaitInsteadOfBeingDropped() throws Exception {
    // A one-slot reply lane on the callee: nearly every reply takes the overflow lane, and none may be lost.
    var config = ConfigFactory.parseString("iii.lanes.replies-buffer = 1").withFallback(ConfigFactory.load());
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-full-replies", config);
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    try (TestEngine engine = TestSupport.startEngine()) {
      III callee =
          III.registerWorker(
              host, engine.url(), InitOptions.newBuilder().workerName("callee").handlerExecutor(handlers).build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(echo("load::echo"));
        await(callee.awaitRegistrations());
        int n = 2_000;
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          calls.add(caller.callAsync("load::echo", Map.of("n", i)).toCompletableFuture());
        }
        for (int i = 0; i < n; i++) {
          assertEquals(i, calls.get(i).get(30, TimeUnit.SECONDS).path("n").asInt());
        }
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    } finally {
      handlers.shutdownNow();
      host.terminate();
    }
  }

  @Test
  void aFullCallLaneRefusesNewCallsWithBackpressureAndLosesNone() throws Exception {
    var config = ConfigFactory.parseString("iii.lanes.calls-buffer = 2").withFallback(ConfigFactory.load());
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-full-lane", config);
    try (TestEngine engine = TestSupport.startEngine()) {
      III callee = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee").build());
      III caller = III.registerWorker(host, engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(echo("load::echo"));
        await(callee.awaitRegistrations());

        // Offered far faster than a socket drains them, most of these find the two-slot lane full.
        int n = 3_000;
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          calls.add(caller.callAsync("load::echo", Map.of("n", i)).toCompletableFuture());
        }
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < n; i++) {
          try {
            assertEquals(i, calls.get(i).get(30, TimeUnit.SECONDS).path("n").asInt());
            ok++;
          } catch (ExecutionException e) {
            BackpressureException bp = assertInstanceOf(BackpressureException.class, e.getCause());
            assertEquals(ErrorCodes.BACKPRESSURE, bp.code());
            refused++;
          }
        }
        assertEquals(n, ok + refused, "every call completed one way or the other");
        assertTrue(refused > 0, "a full lane refused some calls");
        assertTrue(ok > 0, "calls that fit went through");
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    } finally {
      host.terminate();
    }
  }
}
