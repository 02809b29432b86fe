package dev.iii.streams;

import static dev.iii.streams.Workers.await;
import static dev.iii.streams.Workers.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.InvocationTimeoutException;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionFlow} against a callee worker on the test engine: all results, order, the in-flight bound counted
 * on the callee, supervision and the per-call timeout.
 */
class FunctionFlowTest {
  record Num(long n) {}

  static TestEngine engine;
  static III callee;
  static III caller;
  static ActorSystem<Void> system;
  static final AtomicInteger inFlight = new AtomicInteger();
  static final AtomicInteger highWater = new AtomicInteger();

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
    callee = Workers.worker(engine.url(), "callee");
    caller = Workers.worker(engine.url(), "caller");
    system = Workers.system("function-flow-test");
    callee.registerFunction(FunctionDef.of("math::square", Num.class, Num.class, (in, ctx) -> {
      int now = inFlight.incrementAndGet();
      highWater.accumulateAndGet(now, Math::max);
      try {
        return new Num(in.n() * in.n());
      } finally {
        inFlight.decrementAndGet();
      }
    }));
    callee.registerFunction(FunctionDef.of("math::picky", Num.class, Num.class, (in, ctx) -> {
      if (in.n() % 10 == 3) {
        throw new InvocationException("ODD_THREE", "no numbers ending in 3: " + in.n());
      }
      return in;
    }));
    callee.registerFunction(FunctionDef.async("math::never", Num.class, Num.class,
        (in, ctx) -> new CompletableFuture<>()));
    await(callee.awaitRegistrations());
    engine.awaitFunction("math::square");
    engine.awaitFunction("math::never");
  }

  @AfterAll
  static void stop() {
    system.terminate();
    caller.close();
    callee.close();
    engine.close();
  }

  private List<Long> run(FunctionFlow<Num, Num> flow, int count) {
    highWater.set(0);
    // A generous bound: 100,000 round trips through the engine on a loaded 2-core machine take a while.
    List<Num> out = Workers.await(
        Source.range(1, count).map(i -> new Num(i)).via(flow.flow()).runWith(Sink.seq(), system),
        Duration.ofMinutes(3));
    return out.stream().map(Num::n).collect(Collectors.toList());
  }

  private void assertOrderedSquares(int count) {
    List<Long> results = run(FunctionFlow.<Num, Num>of(caller, "math::square", Num.class).parallelism(32), count);
    assertEquals(LongStream.rangeClosed(1, count).map(n -> n * n).boxed().collect(Collectors.toList()), results);
    assertTrue(highWater.get() <= 32, "at most 32 calls in flight, saw " + highWater.get());
    assertTrue(highWater.get() >= 1);
  }

  @Test
  void tenThousandElementsInOrderWithAtMost32InFlight() {
    assertOrderedSquares(10_000);
  }

  @Test
  @Tag("heavy")
  void hundredThousandElementsInOrderWithAtMost32InFlight() {
    assertOrderedSquares(100_000);
  }

  @Test
  void unorderedDeliversEveryResultWithTheSameBound() {
    List<Long> results = run(
        FunctionFlow.<Num, Num>of(caller, "math::square", Num.class).parallelism(8).ordered(false), 2_000);
    assertEquals(2_000, results.size());
    assertEquals(LongStream.rangeClosed(1, 2_000).map(n -> n * n).boxed().collect(Collectors.toSet()),
        new HashSet<>(results));
    assertTrue(highWater.get() <= 8, "at most 8 calls in flight, saw " + highWater.get());
  }

  @Test
  void failStopsTheStreamWithTheInvocationException() {
    Throwable error = failure(Source.range(1, 50).map(i -> new Num(i))
        .via(FunctionFlow.<Num, Num>of(caller, "math::picky", Num.class).onError(OnError.FAIL).flow())
        .runWith(Sink.seq(), system));
    InvocationException ie = assertInstanceOf(InvocationException.class, error);
    assertEquals("ODD_THREE", ie.code());
    assertTrue(ie.errorMessage().contains("3"), ie.errorMessage());
  }

  @Test
  void resumeSkipsTheFailingElementsAndKeepsTheRestInOrder() {
    List<Long> results = run(
        FunctionFlow.<Num, Num>of(caller, "math::picky", Num.class).parallelism(4).onError(OnError.RESUME), 50);
    List<Long> expected = new ArrayList<>();
    IntStream.rangeClosed(1, 50).filter(n -> n % 10 != 3).forEach(n -> expected.add((long) n));
    assertEquals(expected, results);
  }

  @Test
  void perCallTimeoutFailsTheStreamWithATimeout() {
    Throwable error = failure(Source.single(new Num(1))
        .via(FunctionFlow.<Num, Num>of(caller, "math::never", Num.class).timeout(Duration.ofMillis(300)).flow())
        .runWith(Sink.seq(), system));
    assertInstanceOf(InvocationTimeoutException.class, error);
  }

  @Test
  void badSettingsAreRejectedClearly() {
    FunctionFlow<Num, Num> flow = FunctionFlow.of(caller, "math::square", Num.class);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> flow.parallelism(0));
    assertTrue(e.getMessage().contains("parallelism"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> FunctionFlow.of(caller, " ", Num.class));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> flow.timeout(Duration.ZERO));
  }
}
