package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static dev.iii.sdk.TestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behavior handlers, admission control, thread rules. */
class HandlersAndThreadsTest {
  static TestEngine engine;
  static III caller;

  @BeforeAll
  static void start() {
    engine = TestSupport.startEngine();
    caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
  }

  @AfterAll
  static void stop() {
    if (caller != null) caller.shutdown();
    if (engine != null) engine.close();
  }

  /** Counts invocations; throws on {"boom": true} without losing its count. */
  static Behavior<Invocation<JsonNode>> counter(int n) {
    return Behaviors.receiveMessage(
        inv -> {
          if (inv.input().path("boom").asBoolean()) {
            throw new IllegalStateException("boom at " + n);
          }
          inv.reply(Map.of("count", n + 1));
          return counter(n + 1);
        });
  }

  @Test
  void behaviorThatThrowsAnswersInvocationFailedAndKeepsItsState() {
    III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
    try {
      worker.registerFunction(FunctionDef.actor("b::counter", JsonNode.class, counter(0)));
      await(worker.awaitRegistrations());

      assertEquals(1, caller.call("b::counter", Map.of()).path("count").asInt());
      assertEquals(2, caller.call("b::counter", Map.of()).path("count").asInt());
      InvocationException e =
          assertThrows(InvocationException.class, () -> caller.call("b::counter", Map.of("boom", true)));
      assertEquals(ErrorCodes.INVOCATION_FAILED, e.code());
      assertEquals("boom at 2", e.errorMessage());
      assertTrue(e.remoteStacktrace().contains("IllegalStateException"));
      assertEquals(3, caller.call("b::counter", Map.of()).path("count").asInt());
    } finally {
      worker.shutdown();
    }
  }

  @Test
  void overloadedFunctionDoesNotBlockOtherFunctionsOrListeners() throws Exception {
    int max = 12; // more than the SDK dispatcher's threads: blocked handlers must not sit on actor threads
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch allStarted = new CountDownLatch(max);
    III worker =
        III.registerWorker(engine.url(), InitOptions.newBuilder().shutdownGrace(Duration.ZERO).build());
    List<CompletionStage<JsonNode>> busyCalls = new ArrayList<>();
    try {
      worker.registerFunction(
          FunctionDef.json("o::busy", (in, ctx) -> {
                allStarted.countDown();
                release.await(20, TimeUnit.SECONDS);
                return "done";
              })
              .toBuilder()
              .maxConcurrency(max)
              .build());
      worker.registerFunction(FunctionDef.json("o::ping", (in, ctx) -> "pong"));
      await(worker.awaitRegistrations());
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      worker.addConnectionListener(events::add);

      for (int i = 0; i < max; i++) {
        busyCalls.add(caller.callAsync("o::busy", Map.of("i", i)));
      }
      assertTrue(allStarted.await(10, TimeUnit.SECONDS), "all admitted handlers running");

      InvocationException overload =
          assertThrows(InvocationException.class, () -> caller.call("o::busy", Map.of("i", "extra")));
      assertEquals(ErrorCodes.FUNCTION_OVERLOADED, overload.code());
      assertEquals("pong", caller.call("o::ping", null).asText());

      // The worker's state machine and listener callbacks still run while every admitted handler blocks.
      CompletionStage<Void> closing = worker.shutdownAsync();
      awaitCondition(Duration.ofSeconds(5),
          () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.CLOSED), "CLOSED event");
      assertEquals(1, release.getCount(), "handlers were still blocked when the listener fired");
      release.countDown();
      await(closing);
    } finally {
      release.countDown();
      worker.shutdown();
    }
  }

  @Test
  void nestedSameWorkerChainWithinThePoolCompletesAndDeeperFailsFastOnPlatformThreads() {
    int pool = 3;
    III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().handlerPoolSize(pool).build());
    try {
      worker.registerFunction(
          FunctionDef.of("n::chain", Integer.class, Integer.class, (depth, ctx) ->
              depth == 0 ? 0 : ctx.iii().call("n::chain", depth - 1, Integer.class) + 1));
      await(worker.awaitRegistrations());

      assertEquals(pool - 1, caller.call("n::chain", pool - 1, Integer.class));

      int deeper = pool + 2;
      if (Runtime.version().feature() >= 21) {
        assertEquals(deeper, caller.call("n::chain", deeper, Integer.class)); // virtual threads: no limit
      } else {
        InvocationException e =
            assertThrows(InvocationException.class,
                () -> caller.call("n::chain", deeper, Integer.class, Duration.ofSeconds(10)));
        assertEquals(ErrorCodes.HANDLER_POOL_EXHAUSTED, e.code());
      }
    } finally {
      worker.shutdown();
    }
  }

  @Test
  void blockingTriggerOnAnActorThreadThrowsIllegalStateException() {
    III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
    try {
      worker.registerFunction(
          FunctionDef.actor("a::blocking", JsonNode.class, Behaviors.receiveMessage(inv -> {
            inv.reply(inv.context().iii().trigger(TriggerRequest.of("a::anything", null)));
            return Behaviors.same();
          })));
      await(worker.awaitRegistrations());

      InvocationException e = assertThrows(InvocationException.class, () -> caller.call("a::blocking", null));

      assertEquals(ErrorCodes.INVOCATION_FAILED, e.code());
      assertTrue(e.errorMessage().contains("must not be called on a Pekko dispatcher thread"), e.errorMessage());
      assertTrue(e.errorMessage().contains("triggerAsync"), e.errorMessage());
      assertTrue(e.remoteStacktrace().contains("IllegalStateException"));
    } finally {
      worker.shutdown();
    }
  }

  @Test
  void handlerTimeoutAnswersInvocationFailed() {
    CountDownLatch release = new CountDownLatch(1);
    III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
    try {
      worker.registerFunction(
          FunctionDef.json("h::stuck", (in, ctx) -> {
                release.await(10, TimeUnit.SECONDS);
                return "late";
              })
              .toBuilder()
              .handlerTimeout(Duration.ofMillis(150))
              .build());
      await(worker.awaitRegistrations());

      Throwable t = failureOf(caller.callAsync("h::stuck", Map.of()), Duration.ofSeconds(5));

      InvocationException e = assertInstanceOf(InvocationException.class, t);
      assertEquals(ErrorCodes.INVOCATION_FAILED, e.code());
      assertEquals("handler timed out after 150ms", e.errorMessage());
    } finally {
      release.countDown();
      worker.shutdown();
    }
  }
}
