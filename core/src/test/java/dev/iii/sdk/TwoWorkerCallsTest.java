package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static dev.iii.sdk.TestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Java workers call each other's functions through the test engine, in the run's engine mode (TestSupport); where
 * the releases differ (a second exporter of an id) each mode's behaviour is asserted.
 */
class TwoWorkerCallsTest {
  static TestEngine engine;
  static III callee;
  static III caller;

  enum Size { SMALL, LARGE }

  record Item(String sku, int quantity, Optional<String> note) {}

  record Order(String customer, List<Item> items, Map<String, Integer> discounts, Size size, Instant placedAt) {}

  record Receipt(String customer, int totalQuantity, Size size, Instant placedAt) {}

  @BeforeAll
  static void start() {
    engine = TestSupport.startEngine();
    callee = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee").build());
    caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
  }

  @AfterAll
  static void stop() {
    if (caller != null) caller.shutdown();
    if (callee != null) callee.shutdown();
    if (engine != null) engine.close();
  }

  @Test
  void untypedCallRoundTripsAndSeesTheCallerWorkerId() {
    callee.registerFunction(FunctionDef.json("t::echo", (in, ctx) -> Map.of("got", in, "caller", ctx.callerWorkerId())));
    await(callee.awaitRegistrations());

    JsonNode out = caller.call("t::echo", Map.of("x", 1));

    assertEquals(1, out.path("got").path("x").asInt());
    assertEquals(caller.workerId(), out.path("caller").asText());
    assertEquals(ConnectionState.CONNECTED, caller.connectionState());
  }

  @Test
  void typedCallWithNestedRecordsListsOptionalsEnumsMapsAndInstants() {
    callee.registerFunction(
        FunctionDef.of(
            "t::order",
            Order.class,
            Receipt.class,
            (o, ctx) ->
                new Receipt(
                    o.customer(), o.items().stream().mapToInt(Item::quantity).sum(), o.size(), o.placedAt())));
    await(callee.awaitRegistrations());
    Instant at = Instant.parse("2026-01-02T03:04:05Z");

    Receipt r =
        caller.call(
            "t::order",
            new Order("ann", List.of(new Item("a", 2, Optional.of("gift")), new Item("b", 3, Optional.empty())),
                Map.of("vip", 5), Size.LARGE, at),
            Receipt.class);

    assertEquals(new Receipt("ann", 5, Size.LARGE, at), r);
  }

  @Test
  void unknownFunctionFailsWithFunctionNotFound() {
    InvocationException e = assertThrows(InvocationException.class, () -> caller.call("t::nope", Map.of()));
    assertEquals(ErrorCodes.FUNCTION_NOT_FOUND, e.code());
    assertEquals("t::nope", e.functionId());
  }

  @Test
  void handlerExceptionArrivesWithCodeMessageAndRemoteStackTrace() {
    callee.registerFunction(
        FunctionDef.json("t::boom", (in, ctx) -> {
          throw new IllegalArgumentException("sku A-1 is out of stock");
        }));
    await(callee.awaitRegistrations());

    InvocationException e = assertThrows(InvocationException.class, () -> caller.call("t::boom", null));

    assertEquals(ErrorCodes.INVOCATION_FAILED, e.code());
    assertEquals("sku A-1 is out of stock", e.errorMessage());
    assertNotNull(e.remoteStacktrace());
    assertTrue(e.remoteStacktrace().contains("IllegalArgumentException"), e.remoteStacktrace());
    assertFalse(e.toString().contains("\tat "), "stack trace kept out of toString: " + e);
    assertNotNull(e.invocationId());
  }

  @Test
  void customErrorCodeThrownByAHandlerReachesTheCaller() {
    callee.registerFunction(
        FunctionDef.json("t::custom", (in, ctx) -> {
          throw new InvocationException("out_of_stock", "no more A-1");
        }));
    await(callee.awaitRegistrations());

    InvocationException e = assertThrows(InvocationException.class, () -> caller.call("t::custom", Map.of()));

    assertEquals("out_of_stock", e.code());
    assertEquals("no more A-1", e.errorMessage());
    assertEquals("out_of_stock: no more A-1", e.getMessage());
  }

  @Test
  void slowHandlerTimesOutLocally() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    callee.registerFunction(
        FunctionDef.json("t::slow", (in, ctx) -> {
          release.await(10, TimeUnit.SECONDS);
          return "late";
        }));
    await(callee.awaitRegistrations());
    try {
      InvocationTimeoutException e =
          assertThrows(
              InvocationTimeoutException.class,
              () -> caller.call("t::slow", Map.of(), JsonNode.class, Duration.ofMillis(200)));
      assertEquals(ErrorCodes.TIMEOUT, e.code());
      assertEquals("invocation timed out after 200ms", e.errorMessage());
    } finally {
      release.countDown();
    }
  }

  @Test
  void unregisteredFunctionIsNoLongerFound() {
    FunctionRef ref = callee.registerFunction(FunctionDef.json("t::temp", (in, ctx) -> "here"));
    await(callee.awaitRegistrations());
    assertEquals("here", caller.call("t::temp", null).asText());

    ref.unregister();
    await(callee.awaitRegistrations());

    InvocationException e = assertThrows(InvocationException.class, () -> caller.call("t::temp", null));
    assertEquals(ErrorCodes.FUNCTION_NOT_FOUND, e.code());
    awaitCondition(Duration.ofSeconds(5),
        () -> engine.functions().stream().noneMatch(f -> f.id().equals("t::temp")), "engine forgot t::temp");
  }

  @Test
  void asyncHandlerAndAsyncCall() {
    callee.registerFunction(
        FunctionDef.async("t::async", Integer.class, Integer.class,
            (in, ctx) -> java.util.concurrent.CompletableFuture.supplyAsync(() -> in * 2)));
    await(callee.awaitRegistrations());

    CompletionStage<Integer> out = caller.callAsync("t::async", 21, Integer.class);

    assertEquals(42, await(out));
  }

  @Test
  void duplicateAndBlankIdsAreRejected() {
    callee.registerFunction(FunctionDef.json("t::dup", (in, ctx) -> null));
    IllegalArgumentException dup =
        assertThrows(IllegalArgumentException.class,
            () -> callee.registerFunction(FunctionDef.json("t::dup", (in, ctx) -> null)));
    assertEquals("function id 't::dup' already registered", dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FunctionDef.json("  ", (in, ctx) -> null));
  }

  @Test
  void nullResultArrivesAsJsonNull() {
    callee.registerFunction(FunctionDef.json("t::void", (in, ctx) -> null));
    await(callee.awaitRegistrations());
    assertTrue(caller.call("t::void", null).isNull());
    assertNull(caller.call("t::void", null, String.class));
  }

  @Test
  void calleeDisconnectingMidCallGivesInvocationStopped() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    III leaving =
        III.registerWorker(engine.url(), InitOptions.newBuilder().shutdownGrace(Duration.ZERO).build());
    try {
      leaving.registerFunction(
          FunctionDef.json("t::leaving", (in, ctx) -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "never seen";
          }));
      await(leaving.awaitRegistrations());
      CompletionStage<JsonNode> pending = caller.callAsync("t::leaving", Map.of());
      assertTrue(started.await(5, TimeUnit.SECONDS));

      leaving.shutdown();

      Throwable t = failureOf(pending, Duration.ofSeconds(5));
      InvocationException e = assertInstanceOf(InvocationException.class, t);
      assertEquals(ErrorCodes.INVOCATION_STOPPED, e.code());
    } finally {
      release.countDown();
      leaving.shutdown();
    }
  }

  @Test
  void fireAndForgetAndTriggerActions() {
    java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    callee.registerFunction(FunctionDef.json("t::count", (in, ctx) -> hits.incrementAndGet()));
    await(callee.awaitRegistrations());

    caller.fireAndForget("t::count", Map.of());
    assertTrue(caller.trigger(TriggerRequest.of("t::count", null).withAction(TriggerAction.voidAction())).isNull());
    awaitCondition(Duration.ofSeconds(5), () -> hits.get() == 2, "two void calls ran");

    assertEquals(3, caller.trigger(TriggerRequest.of("t::count", Map.of())).asInt());
    InvocationException e = assertThrows(InvocationException.class,
        () -> caller.trigger(TriggerRequest.of("t::count", Map.of()).withAction(TriggerAction.enqueue("no-such-queue"))));
    assertEquals(ErrorCodes.ENQUEUE_ERROR, e.code());
  }

  @Test
  void payloadsAboveTheFrameChunkSizeTravelAsStreamedMessages() {
    callee.registerFunction(FunctionDef.of("t::len", String.class, String.class, (in, ctx) -> in + in));
    await(callee.awaitRegistrations());
    String big = "x".repeat(1024 * 1024 + 17) + "\u00e9"; // above the 1 MiB outbound chunk size

    String out = caller.call("t::len", big, String.class);

    assertEquals(big.length() * 2, out.length());
    assertEquals(big + big, out);
  }

  @Test
  void bothWorkersCallEachOther() {
    caller.registerFunction(FunctionDef.of("u::double", Integer.class, Integer.class, (n, ctx) -> n * 2));
    callee.registerFunction(FunctionDef.of("u::quadruple", Integer.class, Integer.class,
        (n, ctx) -> ctx.iii().call("u::double", ctx.iii().call("u::double", n, Integer.class), Integer.class)));
    await(caller.awaitRegistrations());
    await(callee.awaitRegistrations());

    assertEquals(20, caller.call("u::quadruple", 5, Integer.class));
    assertEquals(14, callee.call("u::double", 7, Integer.class));
  }

  @Test
  void manyConcurrentCallsAllCompleteWithTheirOwnResults() {
    callee.registerFunction(FunctionDef.of("t::inc", Integer.class, Integer.class, (n, ctx) -> n + 1));
    await(callee.awaitRegistrations());
    int n = 500;
    List<CompletionStage<Integer>> calls = new java.util.ArrayList<>();

    for (int i = 0; i < n; i++) {
      calls.add(caller.callAsync("t::inc", i, Integer.class));
    }

    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, await(calls.get(i), Duration.ofSeconds(30)));
    }
  }

  /**
   * A second live worker exporting an id the callee already exports: here the two engine releases route
   * differently (PROTOCOL §10.3), so the expectation is stated per mode.
   */
  @Test
  void aSecondExporterOfTheSameIdTakesItOverOnV0116AndIsRejectedOnV023() {
    callee.registerFunction(FunctionDef.json("t::shared", (in, ctx) -> "callee"));
    await(callee.awaitRegistrations());
    assertEquals("callee", caller.call("t::shared", null).asText());
    III rival = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("rival").build());
    try {
      List<ConnectionEvent> rivalEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
      rival.addConnectionListener(rivalEvents::add);
      rival.registerFunction(FunctionDef.json("t::shared", (in, ctx) -> "rival"));
      await(rival.awaitRegistrations());

      if (TestSupport.isV023()) {
        // 0.23, first-live-owner-wins: the rival is told with a function-level registrationrejected, which is only a
        // warning (it stays connected), and calls keep reaching the first owner.
        awaitCondition(Duration.ofSeconds(5), () -> rivalEvents.stream()
            .anyMatch(e -> e.kind() == ConnectionEvent.Kind.REGISTRATION_REJECTED), "rival hears the rejection");
        assertEquals("callee", caller.call("t::shared", null).asText());
        assertEquals(ConnectionState.CONNECTED, rival.connectionState());
      } else {
        // 0.11.6, last-writer-wins: the rival silently takes the id over, no rejection exists in this release.
        // (Awaited on the engine: the registration barrier rides the calls lane and may overtake the control lane.)
        awaitCondition(Duration.ofSeconds(5), () -> engine.functions().stream()
            .anyMatch(f -> f.id().equals("t::shared") && rival.workerId().equals(f.ownerWorkerId())),
            "the engine routes t::shared to the rival");
        assertEquals("rival", caller.call("t::shared", null).asText());
        assertTrue(rivalEvents.stream().noneMatch(e -> e.kind() == ConnectionEvent.Kind.REGISTRATION_REJECTED),
            rivalEvents.toString());
      }

      rival.shutdown();

      if (TestSupport.isV023()) {
        // The rejected rival never owned the id, so its leaving changes nothing.
        assertEquals("callee", caller.call("t::shared", null).asText());
      } else {
        // 0.11.6 forgets the id with its last registrant even though the callee is still connected (ENGINE §14.3 #4).
        awaitCondition(Duration.ofSeconds(5),
            () -> engine.functions().stream().noneMatch(f -> f.id().equals("t::shared")), "engine forgot t::shared");
        InvocationException e = assertThrows(InvocationException.class, () -> caller.call("t::shared", null));
        assertEquals(ErrorCodes.FUNCTION_NOT_FOUND, e.code());
      }
    } finally {
      rival.shutdown();
    }
  }
}
