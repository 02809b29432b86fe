package dev.iii.sdk.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.testkit.DroppedFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import dev.iii.testkit.internal.node.NodeWorker.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker of this SDK and a worker of the official Node SDK ({@code iii-sdk@0.11.6}, {@code interop/node/worker.mjs})
 * call each other through the in-process test engine, in both directions: results (typed and untyped), handler
 * errors with their remote stack traces, a void call, and the one place where the two SDKs differ on the wire — a
 * call without a payload (Java always sends {@code data}, Node leaves it out and the engine drops that call).
 *
 * <p>Skipped (JUnit assumption) when {@code node} is not on PATH; runs {@code npm ci} in {@code interop/node} first
 * when its {@code node_modules} is missing. Tagged {@code node}: {@code -Dsurefire.excludedGroups=node} leaves it
 * out.
 */
@Tag("node")
class JavaNodeInteropTest {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final Duration NPM = Duration.ofMinutes(5);
  /** Node's own wait for an answer that never comes: short, so the dropped-call test stays fast. */
  private static final Duration NODE_SHORT_TIMEOUT = Duration.ofMillis(1500);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Greeting(String name) {}

  record Salutation(String text, @JsonProperty("caller_worker_id") String callerWorkerId) {}

  record EchoRequest(String greeting, int n) {}

  record Echoed(String greeting, int n, @JsonProperty("echoed_by") String echoedBy,
      @JsonProperty("_caller_worker_id") String callerWorkerId) {}

  private static TestEngine engine;
  private static III javaWorker;
  private static NodeWorker node;

  /** Inputs of java::tally (void calls from Node). */
  private static final BlockingQueue<JsonNode> tallied = new LinkedBlockingQueue<>();
  /** Runs of java::unreachable, the target of Node's payload-less call. */
  private static final AtomicInteger unreachableRuns = new AtomicInteger();

  @BeforeAll
  static void startEngineAndWorkers() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node.js 20+");
    Path nodeDir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(nodeDir, NPM);

    engine = TestEngine.start();
    javaWorker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("java-worker").build());
    javaWorker.registerFunction(FunctionDef.of("java::greet", Greeting.class, Salutation.class,
        (in, ctx) -> new Salutation("hello " + in.name(), ctx.callerWorkerId())));
    javaWorker.registerFunction(FunctionDef.json("java::fail", (in, ctx) -> {
      throw new IllegalStateException("ledger is closed");
    }));
    javaWorker.registerFunction(FunctionDef.json("java::tally", (in, ctx) -> {
      tallied.add(in);
      return null;
    }));
    javaWorker.registerFunction(FunctionDef.json("java::unreachable", (in, ctx) -> unreachableRuns.incrementAndGet()));
    javaWorker.awaitRegistrations().toCompletableFuture().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    for (String id : List.of("java::greet", "java::fail", "java::tally", "java::unreachable")) {
      engine.awaitFunction(id, CALL);
    }

    // READY means the engine lists node::echo, node::fail and node::record.
    node = NodeWorker.start(nodeDir, engine.url(), "node-worker", STARTUP,
        "--echo", "node::echo", "--fail", "node::fail", "--record", "node::record");
  }

  @AfterAll
  static void stopEverything() {
    // Workers first, so that the engine does not see their connections break.
    if (node != null) node.close();
    if (javaWorker != null) javaWorker.shutdown();
    if (engine != null) engine.close();
  }

  // --- Java calls Node ------------------------------------------------------------------------------

  @Test
  void javaCallsANodeFunctionUntyped() {
    JsonNode out = javaWorker.call("node::echo", Map.of("greeting", "hi from java", "n", 1));

    assertEquals("hi from java", out.path("greeting").asText(), context(out));
    assertEquals(1, out.path("n").asInt(), context(out));
    assertEquals("node-worker", out.path("echoed_by").asText(), context(out));
    // The engine adds the caller's id to object payloads and the Node handler echoes it back.
    assertEquals(javaWorker.workerId(), out.path("_caller_worker_id").asText(), context(out));

    JsonNode plain = javaWorker.call("node::echo", "plain string");
    assertEquals("plain string", plain.path("input").asText(), context(plain));
    assertFalse(plain.has("_caller_worker_id"), context("a string payload is not touched: " + plain));
  }

  @Test
  void javaCallsANodeFunctionTyped() {
    Echoed out = javaWorker.call("node::echo", new EchoRequest("typed hello", 7), Echoed.class);

    assertEquals(new Echoed("typed hello", 7, "node-worker", javaWorker.workerId()), out, context(out));
  }

  @Test
  void nodeHandlerErrorArrivesAsInvocationExceptionWithTheJsStack() {
    InvocationException e = assertThrows(InvocationException.class,
        () -> javaWorker.call("node::fail", Map.of("message", "card declined")));

    assertEquals(ErrorCodes.INVOCATION_FAILED, e.code(), context(e));
    assertEquals("card declined", e.errorMessage(), context(e));
    assertEquals("invocation_failed: card declined", e.getMessage(), context(e));
    String stack = e.remoteStacktrace();
    assertNotNull(stack, context(e));
    assertTrue(stack.startsWith("Error: card declined\n") && stack.contains("worker.mjs"),
        context("the Node handler's JS stack is the remote stack trace: " + stack));
    assertFalse(e.toString().contains("worker.mjs"), context("the remote stack stays out of toString: " + e));
  }

  // --- Node calls Java ------------------------------------------------------------------------------

  @Test
  void nodeCallsAJavaFunctionAndGetsItsResult() throws Exception {
    Reply reply = node.call("java::greet", Map.of("name", "Ada"), CALL);

    assertTrue(reply.isResult(), context(reply.line()));
    assertEquals("hello Ada", reply.body().path("text").asText(), context(reply.line()));
    // The Java handler sees the Node worker as its caller.
    assertEquals(node.workerId(), reply.body().path("caller_worker_id").asText(), context(reply.line()));
  }

  @Test
  void javaHandlerExceptionArrivesAtNodeAsInvocationFailed() throws Exception {
    Reply reply = node.call("java::fail", Map.of(), CALL);

    assertTrue(reply.isError(), context(reply.line()));
    assertEquals("IIIInvocationError", reply.body().path("name").asText(), context(reply.line()));
    assertEquals(ErrorCodes.INVOCATION_FAILED, reply.body().path("code").asText(), context(reply.line()));
    assertEquals("ledger is closed", reply.body().path("message").asText(), context(reply.line()));
    assertEquals("invocation_failed: ledger is closed", reply.body().path("display").asText(), context(reply.line()));
    assertEquals("java::fail", reply.body().path("function_id").asText(), context(reply.line()));
    assertTrue(reply.body().path("stacktrace").asText("").contains("IllegalStateException"),
        context("the Java stack travels to Node: " + reply.line()));
  }

  @Test
  void voidCallFromNodeRunsTheJavaHandler() throws Exception {
    String marker = UUID.randomUUID().toString();

    Reply sent = node.voidCall("java::tally", Map.of("marker", marker), CALL);

    assertEquals("SENT", sent.kind(), context(sent.line()));
    JsonNode input = awaitTallied(marker);
    assertEquals(node.workerId(), input.path("_caller_worker_id").asText(), context(input));
  }

  // --- The payload-less call ------------------------------------------------------------------------

  @Test
  void payloadLessCallFromJavaReachesTheNodeFunction() throws Exception {
    // Java always sends `data` (here JSON null), so the engine routes the call.
    JsonNode out = javaWorker.call("node::record", null);

    assertTrue(out.path("recorded").asBoolean(), context(out));
    JsonNode input = node.awaitInvoked("node::record", JsonNode::isNull, CALL);
    assertTrue(input.isNull(), context(input));
  }

  @Test
  void payloadLessCallFromNodeIsDroppedByTheEngine() throws Exception {
    // The Node SDK leaves `data` out when the payload is undefined; the engine cannot decode such an
    // invokefunction and drops it without an answer (as the real engine does), so Node's call times out.
    Reply reply = node.callWithUndefinedPayload("java::unreachable", NODE_SHORT_TIMEOUT);

    assertTrue(reply.isError(), context(reply.line()));
    assertEquals(ErrorCodes.TIMEOUT, reply.body().path("code").asText(), context(reply.line()));
    DroppedFrame dropped = awaitDroppedInvocationOf("java::unreachable");
    assertEquals(node.workerId(), dropped.workerId(), context(dropped));
    JsonNode frame = JSON.readTree(dropped.frame());
    assertFalse(frame.has("data"), context("the dropped frame has no data: " + dropped));
    assertEquals("missing field `data`", dropped.reason(), context(dropped));
    assertEquals(0, unreachableRuns.get(), context("the Java handler never ran"));

    // The same call with a payload does reach it: only the missing `data` kept it away.
    Reply control = node.call("java::unreachable", Map.of(), CALL);
    assertTrue(control.isResult(), context(control.line()));
    assertEquals(1, unreachableRuns.get(), context(control.line()));
  }

  // --- helpers --------------------------------------------------------------------------------------

  private static JsonNode awaitTallied(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + CALL.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode input = left <= 0 ? null : tallied.poll(left, TimeUnit.NANOSECONDS);
      if (input == null) {
        throw new AssertionError(context("java::tally did not run with marker " + marker + " within " + CALL).get());
      }
      if (marker.equals(input.path("marker").asText())) {
        return input;
      }
    }
  }

  /** The engine records the drop while decoding, before Node gives up; polled in case it is not visible yet. */
  private static DroppedFrame awaitDroppedInvocationOf(String functionId) {
    long deadline = System.nanoTime() + CALL.toNanos();
    while (true) {
      for (DroppedFrame d : engine.droppedFrames()) {
        JsonNode frame = parseOrNull(d.frame());
        if (frame != null && frame.path("type").asText().equals("invokefunction")
            && frame.path("function_id").asText().equals(functionId)) {
          return d;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(context("no dropped invokefunction of " + functionId + " in "
            + engine.droppedFrames()).get());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private static JsonNode parseOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return null; // a dropped frame need not be JSON at all
    }
  }

  /** A failure message with everything the Node worker printed, built only when an assertion fails. */
  private static Supplier<String> context(Object what) {
    return () -> what + "\n" + node.describe();
  }
}
