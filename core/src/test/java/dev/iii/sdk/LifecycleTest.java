package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static dev.iii.sdk.TestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineWorker;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** Connecting, failing to connect, reconnecting with replay, and shutting down. */
class LifecycleTest {

  private static long sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("iii-worker"))
        .count();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ReconnectionConfig fastRetries(int maxRetries) {
    return ReconnectionConfig.newBuilder()
        .initialDelay(Duration.ofMillis(20))
        .maxDelay(Duration.ofMillis(100))
        .maxRetries(maxRetries)
        .build();
  }

  @Test
  void failedConnectThrowsAndLeavesNoSdkThreadOrActorSystem() throws Exception {
    awaitCondition(Duration.ofSeconds(10), () -> sdkThreads() == 0, "no SDK threads from earlier tests");
    String url = "ws://127.0.0.1:" + closedPort();

    ConnectionException e =
        assertThrows(
            ConnectionException.class,
            () -> III.registerWorker(url, InitOptions.newBuilder()
                .connectTimeout(Duration.ofMillis(500))
                .reconnection(fastRetries(-1))
                .build()));

    assertTrue(e.getMessage().contains("within 500ms"), e.getMessage());
    awaitCondition(Duration.ofSeconds(10), () -> sdkThreads() == 0, "SDK threads gone after a failed connect");
  }

  @Test
  void exhaustedRetriesFailAtOnceWithWorkerFailedException() throws Exception {
    String url = "ws://127.0.0.1:" + closedPort();
    long start = System.nanoTime();

    assertThrows(
        WorkerFailedException.class,
        () -> III.registerWorker(url, InitOptions.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .reconnection(fastRetries(2))
            .build()));

    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "FAILED ends the wait before the timeout");
    awaitCondition(Duration.ofSeconds(10), () -> sdkThreads() == 0, "SDK threads gone");
  }

  @Test
  void badAddressesAreRejectedUpFront() {
    assertThrows(IllegalArgumentException.class, () -> III.registerWorker("http://127.0.0.1:1"));
    assertThrows(IllegalArgumentException.class, () -> III.registerWorker("not a url"));
    if (System.getenv("III_URL") == null) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> III.registerWorker(InitOptions.getDefaultInstance()));
      assertTrue(e.getMessage().contains("III_URL"), e.getMessage());
    }
  }

  @Test
  void headersMetadataAndServicesReachTheEngine() {
    try (TestEngine engine = TestSupport.startEngine();
        III worker = III.registerWorker(engine.url(), InitOptions.newBuilder()
            .workerName("meta-worker")
            .headers(Map.of("x-team", "billing"))
            .build())) {
      worker.registerService(ServiceDef.of("billing", "Billing", "money"));
      await(worker.awaitRegistrations());

      awaitCondition(Duration.ofSeconds(5),
          () -> engine.workers().stream().anyMatch(w -> "meta-worker".equals(w.name())), "metadata registered");
      EngineWorker w =
          engine.workers().stream().filter(x -> x.id().equals(worker.workerId())).findFirst().orElseThrow();
      assertEquals("java", w.runtime());
      assertEquals(ProcessHandle.current().pid(), w.pid());
      assertEquals("billing", w.headers().get("x-team"));
      assertTrue(engine.services().stream().anyMatch(s -> s.toString().contains("billing")));
    }
  }

  @Test
  void derivedAndExplicitFormatsAreSent() {
    record In(String sku, int quantity) {}
    record Out(long cents) {}
    try (TestEngine engine = TestSupport.startEngine();
        III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance())) {
      worker.registerFunction(FunctionDef.of("f::derived", In.class, Out.class, (in, ctx) -> new Out(1)));
      worker.registerFunction(
          FunctionDef.of("f::explicit", In.class, Out.class, (in, ctx) -> new Out(1))
              .toBuilder()
              .description("explicit")
              .requestFormat(RegisterFunctionFormat.of("order", "object"))
              .build());
      await(worker.awaitRegistrations());

      JsonNode derived = engine.functions().stream()
          .filter(f -> f.id().equals("f::derived")).findFirst().orElseThrow().requestFormat();
      assertEquals("string", derived.path("properties").path("sku").path("type").asText(), derived.toString());
      var explicit = engine.functions().stream().filter(f -> f.id().equals("f::explicit")).findFirst().orElseThrow();
      assertEquals("order", explicit.requestFormat().path("name").asText());
      assertEquals("explicit", explicit.description());
      assertNotNull(explicit.responseFormat());
    }
  }

  @Test
  void reconnectsWithANewWorkerIdAndReplaysRegistrations() throws Exception {
    TestEngine first = TestSupport.startEngine();
    int port = first.port();
    III worker = III.registerWorker(first.url(), InitOptions.newBuilder().reconnection(fastRetries(-1)).build());
    TestEngine second = null;
    try {
      worker.registerFunction(FunctionDef.json("r::hello", (in, ctx) -> "hello"));
      await(worker.awaitRegistrations());
      String firstId = worker.workerId();
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      worker.addConnectionListener(events::add);

      first.close();
      awaitCondition(Duration.ofSeconds(5),
          () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.RECONNECTING), "RECONNECTING");
      second = TestEngine.start(TestSupport.engineOptions().toBuilder().port(port).build());
      // (the first connection's own RE_REGISTERED may still arrive after the listener was added: skip it)
      awaitCondition(Duration.ofSeconds(10),
          () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.RE_REGISTERED
              && e.workerId() != null && !e.workerId().equals(firstId)), "RE_REGISTERED on the new connection");

      assertEquals(ConnectionState.CONNECTED, worker.connectionState());
      assertNotEquals(firstId, worker.workerId());
      // A lost connection is heard once as DISCONNECTED (with its id), and the new one as RECONNECTED.
      assertTrue(events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.DISCONNECTED
          && firstId.equals(e.workerId()) && e.cause() != null), events.toString());
      assertEquals(1, events.stream().filter(e -> e.kind() == ConnectionEvent.Kind.DISCONNECTED).count(),
          events.toString());
      assertTrue(events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.RECONNECTED
          && worker.workerId().equals(e.workerId())), events.toString());
      assertTrue(events.stream().noneMatch(e -> e.kind() == ConnectionEvent.Kind.CONNECTED), events.toString());
      second.awaitFunction("r::hello");
      try (III other = III.registerWorker(second.url())) {
        assertEquals("hello", other.call("r::hello", null).asText());
      }
    } finally {
      worker.shutdown();
      if (second != null) second.close();
      first.close();
    }
  }

  @Test
  void shutdownFailsPendingCallsLetsRunningHandlersAnswerAndRefusesLaterCalls() throws Exception {
    try (TestEngine engine = TestSupport.startEngine()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      III callee = III.registerWorker(engine.url(), InitOptions.newBuilder().shutdownGrace(Duration.ofSeconds(5)).build());
      III caller = III.registerWorker(engine.url());
      III other = III.registerWorker(engine.url());
      try {
        callee.registerFunction(FunctionDef.json("s::work", (in, ctx) -> {
          started.countDown();
          finish.await(10, TimeUnit.SECONDS);
          return "finished";
        }));
        other.registerFunction(FunctionDef.json("s::never", (in, ctx) -> {
          never.await(10, TimeUnit.SECONDS);
          return "x";
        }));
        await(callee.awaitRegistrations());
        await(other.awaitRegistrations());

        // An in-flight handler's caller gets its result although the callee shuts down meanwhile.
        CompletionStage<JsonNode> inFlight = caller.callAsync("s::work", Map.of());
        assertTrue(started.await(5, TimeUnit.SECONDS));
        CompletionStage<Void> calleeClosed = callee.shutdownAsync();
        assertThrows(ShutdownException.class, () -> callee.call("s::work", null));
        finish.countDown();
        assertEquals("finished", await(inFlight).asText());
        await(calleeClosed);
        assertEquals(ConnectionState.CLOSED, callee.connectionState());

        // A caller's pending call fails with SHUTDOWN when the caller shuts down.
        CompletionStage<JsonNode> pending = caller.callAsync("s::never", Map.of());
        caller.shutdown();
        ShutdownException se = assertInstanceOf(ShutdownException.class, failureOf(pending, Duration.ofSeconds(5)));
        assertEquals(ErrorCodes.SHUTDOWN, se.code());
        assertThrows(ShutdownException.class, () -> caller.call("s::never", null));
        assertThrows(ShutdownException.class, () -> caller.registerFunction(FunctionDef.json("s::x", (i, c) -> i)));
        caller.shutdown(); // idempotent
      } finally {
        finish.countDown();
        never.countDown();
        other.shutdown();
        callee.shutdown();
        caller.shutdown();
      }
    }
  }

  @Test
  void embeddedWorkerLeavesTheHostSystemRunning() {
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-system");
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = III.registerWorker(host, engine.url(), InitOptions.getDefaultInstance());
      worker.registerFunction(FunctionDef.json("e::x", (in, ctx) -> 7));
      await(worker.awaitRegistrations());
      assertEquals(7, worker.call("e::x", null).asInt());

      worker.shutdown();

      assertEquals(ConnectionState.CLOSED, worker.connectionState());
      assertTrue(!host.getWhenTerminated().toCompletableFuture().isDone(), "host system still running");
    } finally {
      host.terminate();
    }
  }

  @Test
  void writtenCallFailsWithConnectionLostAndUnwrittenCallWaitsForTheNextConnection() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TestEngine engine = TestSupport.startEngine(); TcpProxy proxy = new TcpProxy(engine.port())) {
      III callee = III.registerWorker(engine.url());
      // Only the caller's connection goes through the proxy, so only it can be cut.
      III caller = III.registerWorker(proxy.url(), InitOptions.newBuilder().reconnection(fastRetries(-1)).build());
      try {
        callee.registerFunction(FunctionDef.json("c::hold", (in, ctx) -> {
          started.countDown();
          release.await(10, TimeUnit.SECONDS);
          return "held";
        }));
        caller.registerFunction(FunctionDef.json("c::own", (in, ctx) -> "own"));
        await(callee.awaitRegistrations());
        CompletionStage<JsonNode> written = caller.callAsync("c::hold", Map.of());
        assertTrue(started.await(5, TimeUnit.SECONDS));

        proxy.refuse(true);
        proxy.cutAll();

        ConnectionLostException lost =
            assertInstanceOf(ConnectionLostException.class, failureOf(written, Duration.ofSeconds(5)));
        assertEquals(ErrorCodes.CONNECTION_LOST, lost.code());
        awaitCondition(Duration.ofSeconds(5), () -> caller.connectionState() != ConnectionState.CONNECTED, "dropped");
        CompletionStage<JsonNode> buffered = caller.callAsync("c::own", null, JsonNode.class, Duration.ofSeconds(20));
        proxy.refuse(false);

        assertEquals("own", await(buffered, Duration.ofSeconds(20)).asText());
        assertEquals(ConnectionState.CONNECTED, caller.connectionState());
      } finally {
        release.countDown();
        caller.shutdown();
        callee.shutdown();
      }
    }
  }

  @Test
  void connectAsyncRestartsAfterFailed() throws Exception {
    TestEngine first = TestSupport.startEngine();
    int port = first.port();
    III worker = III.registerWorker(first.url(), InitOptions.newBuilder().reconnection(fastRetries(1)).build());
    TestEngine second = null;
    try {
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      worker.addConnectionListener(events::add);
      first.close();
      awaitCondition(Duration.ofSeconds(10), () -> worker.connectionState() == ConnectionState.FAILED, "FAILED");
      // Listeners hear it on the callback executor, possibly just after the state changed.
      awaitCondition(Duration.ofSeconds(10), () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.FAILED
          && e.cause() instanceof WorkerFailedException), "a FAILED event with a WorkerFailedException");

      second = TestEngine.start(TestSupport.engineOptions().toBuilder().port(port).build());
      int mark = events.size();
      await(worker.connectAsync(), Duration.ofSeconds(10));

      assertEquals(ConnectionState.CONNECTED, worker.connectionState());
      assertNotNull(worker.workerId());
      // Restarted from FAILED, the worker starts over: its first connection is CONNECTED, not RECONNECTED.
      String id = worker.workerId();
      awaitCondition(Duration.ofSeconds(10), () -> events.subList(mark, events.size()).stream()
          .anyMatch(e -> e.kind() == ConnectionEvent.Kind.CONNECTED && id.equals(e.workerId())), "CONNECTED event");
      assertTrue(events.subList(mark, events.size()).stream()
          .noneMatch(e -> e.kind() == ConnectionEvent.Kind.RECONNECTED), events.toString());
      await(worker.connectAsync()); // a no-op when connected
    } finally {
      worker.shutdown();
      if (second != null) second.close();
      first.close();
    }
  }

  @Test
  void keepAlivePingsHoldAnIdleConnectionOpen() {
    try (TestEngine engine = TestSupport.startEngine();
        III worker = III.registerWorker(engine.url(), InitOptions.newBuilder()
            .pingInterval(Duration.ofMillis(50))
            .idleTimeout(Duration.ofMillis(1000))
            .build())) {
      String id = worker.workerId();
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      worker.addConnectionListener(events::add);
      long framesBefore = engine.acceptedFrameCount();

      // ~50 pings (2.5 s) with a 1 s idle limit: only the pongs keep the connection alive.
      awaitCondition(Duration.ofSeconds(20), () -> engine.acceptedFrameCount() >= framesBefore + 50, "pings sent");

      assertTrue(events.stream().noneMatch(e -> e.kind() != ConnectionEvent.Kind.RE_REGISTERED),
          "no reconnect: " + events);
      assertEquals(id, worker.workerId());
    }
  }

  @Test
  void asyncFactoryConnectsOrFailsWithConnectionException() throws Exception {
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = await(III.registerWorkerAsync(engine.url(), InitOptions.getDefaultInstance()));
      assertEquals(ConnectionState.CONNECTED, worker.connectionState());
      worker.shutdown();
    }
    String url = "ws://127.0.0.1:" + closedPort();
    Throwable t = failureOf(
        III.registerWorkerAsync(url, InitOptions.newBuilder()
            .connectTimeout(Duration.ofMillis(300)).reconnection(fastRetries(-1)).build()),
        Duration.ofSeconds(10));
    assertInstanceOf(ConnectionException.class, t);
  }

  @Test
  void hostCoordinatedShutdownDrainsAnEmbeddedWorker() {
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-cs");
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = III.registerWorker(host, engine.url(), InitOptions.getDefaultInstance());

      host.terminate();

      awaitCondition(Duration.ofSeconds(10), () -> worker.connectionState() == ConnectionState.CLOSED, "CLOSED");
      assertThrows(ShutdownException.class, () -> worker.call("x::y", null));
    } finally {
      host.terminate();
    }
  }

  @Test
  void callsBeyondTheDisconnectedBufferFailWithBackpressure() throws Exception {
    var config = com.typesafe.config.ConfigFactory.parseString("iii.lanes.disconnected-buffer = 1")
        .withFallback(com.typesafe.config.ConfigFactory.load());
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-bp", config);
    try (TestEngine engine = TestSupport.startEngine(); TcpProxy proxy = new TcpProxy(engine.port())) {
      III worker = III.registerWorker(host, proxy.url(), InitOptions.newBuilder().reconnection(fastRetries(-1)).build());
      // The connection's own registration barrier must be answered first: cut before it is written, it would wait in
      // the one-slot buffer itself and both calls below would be refused (a race that shows on a loaded machine).
      await(worker.awaitRegistrations());
      proxy.refuse(true);
      proxy.cutAll();
      awaitCondition(Duration.ofSeconds(5), () -> worker.connectionState() != ConnectionState.CONNECTED, "dropped");

      // Two calls race for the one buffer slot (they start on different shards): exactly one is refused.
      var a = worker.callAsync("engine::functions::list", null).toCompletableFuture();
      var b = worker.callAsync("engine::functions::list", null).toCompletableFuture();
      awaitCondition(Duration.ofSeconds(5), () -> a.isDone() || b.isDone(), "one call refused at once");
      var refused = a.isDone() ? a : b;
      var buffered = a.isDone() ? b : a;

      BackpressureException bp =
          assertInstanceOf(BackpressureException.class, failureOf(refused, Duration.ofSeconds(1)));
      assertEquals(ErrorCodes.BACKPRESSURE, bp.code());
      proxy.refuse(false);
      assertTrue(await(buffered, Duration.ofSeconds(10)).has("functions"), "the buffered call went out on reconnect");
      worker.shutdown();
    } finally {
      host.terminate();
    }
  }

  @Test
  void messagesAboveTheSizeLimitFailLocallyInsteadOfReachingTheEngine() {
    var config = com.typesafe.config.ConfigFactory.parseString("iii.max-message-size = 64KiB")
        .withFallback(com.typesafe.config.ConfigFactory.load());
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-limit", config);
    try (TestEngine engine = TestSupport.startEngine();
        III caller = III.registerWorker(engine.url())) {
      III limited = III.registerWorker(host, engine.url(), InitOptions.getDefaultInstance());
      limited.registerFunction(FunctionDef.json("l::big", (in, ctx) -> "y".repeat(100_000)));
      await(limited.awaitRegistrations());

      InvocationException tooBigCall = assertThrows(InvocationException.class,
          () -> limited.call("l::big", "x".repeat(100_000)));
      assertEquals(ErrorCodes.PAYLOAD_TOO_LARGE, tooBigCall.code());

      InvocationException tooBigResult = assertThrows(InvocationException.class, () -> caller.call("l::big", null));
      assertEquals(ErrorCodes.PAYLOAD_TOO_LARGE, tooBigResult.code());
      assertEquals(ConnectionState.CONNECTED, limited.connectionState(), "the connection survives");
      limited.shutdown();
    } finally {
      host.terminate();
    }
  }
}
