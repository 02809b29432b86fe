package dev.iii.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.internal.node.ChildProcesses;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import dev.iii.testkit.internal.node.NodeWorker.Reply;
import dev.iii.testkit.internal.node.OutputLines;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two workers written with the official Node SDK {@code iii-sdk@0.11.6} (npm) connect to the test
 * engine's standalone jar, running as its own process, and call each other: a result, an unknown
 * function, a handler error, a void call. The other tests pin down what that SDK really puts on the
 * wire (through the workers' {@code --frames} log), since the Java SDK and the test engine must both
 * get along with it; they double as conformance checks of the test engine against a real client.
 *
 * <p>Set {@code -Diii.interop.engineUrl=ws://host:port} to run the same checks against an engine that
 * is already running (e.g. the real iii engine) instead of starting the jar.
 */
class NodeInteropIT {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final Duration NPM = Duration.ofMinutes(5);

  private static Path nodeDir;
  private static StandaloneEngine engine;
  private static String engineUrl;
  /** Provides a::echo, a::fail, a::record. */
  private static NodeWorker a;
  /** Provides b::echo, a service and a trigger type; logs its frames like a. */
  private static NodeWorker b;

  @BeforeAll
  static void startEngineAndWorkers() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node.js 20+");

    nodeDir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(nodeDir, NPM);

    String external = System.getProperty("iii.interop.engineUrl", "");
    if (external.isBlank()) {
      String jar = System.getProperty("iii.testkit.standaloneJar");
      assertNotNull(jar, "system property iii.testkit.standaloneJar is not set (run through failsafe)");
      engine = StandaloneEngine.start(Paths.get(jar), STARTUP);
      engineUrl = engine.url();
    } else {
      engineUrl = external;
    }

    a = NodeWorker.start(nodeDir, engineUrl, "node-a", STARTUP,
        "--echo", "a::echo", "--fail", "a::fail", "--record", "a::record", "--frames");
    b = NodeWorker.start(nodeDir, engineUrl, "node-b", STARTUP,
        "--echo", "b::echo", "--service", "node-b-service", "--trigger-type", "node-b-type", "--frames");
  }

  @AfterAll
  static void stopEverything() {
    // Workers first, so that the engine does not log their connections as broken.
    for (AutoCloseable closeable : new AutoCloseable[] {b, a, engine}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Keep stopping the others; the processes are killed regardless.
        }
      }
    }
  }

  // --- The four interop cases -------------------------------------------------------------------------

  @Test
  void nodeWorkersCallEachOtherAndGetResults() throws Exception {
    Reply fromB = b.call("a::echo", Map.of("greeting", "hello from b", "n", 1), CALL);
    assertTrue(fromB.isResult(), () -> "b -> a::echo: " + fromB.line() + context());
    assertEquals("hello from b", fromB.body().path("greeting").asText(), NodeInteropIT::context);
    assertEquals(1, fromB.body().path("n").asInt(), NodeInteropIT::context);
    assertEquals("node-a", fromB.body().path("echoed_by").asText(), NodeInteropIT::context);
    // The engine adds the caller's worker id to object payloads; the Node SDK passes it to the handler.
    assertEquals(b.workerId(), fromB.body().path("_caller_worker_id").asText(), NodeInteropIT::context);

    Reply fromA = a.call("b::echo", "plain string", CALL);
    assertTrue(fromA.isResult(), () -> "a -> b::echo: " + fromA.line() + context());
    assertEquals("plain string", fromA.body().path("input").asText(), NodeInteropIT::context);
    assertEquals("node-b", fromA.body().path("echoed_by").asText(), NodeInteropIT::context);
    assertFalse(fromA.body().has("_caller_worker_id"), () -> "a string payload is not touched" + context());
  }

  @Test
  void unknownFunctionIsFunctionNotFound() throws Exception {
    Reply reply = b.call("a::does-not-exist", Map.of(), CALL);
    assertTrue(reply.isError(), () -> "expected an error: " + reply.line() + context());
    assertEquals("IIIInvocationError", reply.body().path("name").asText(), NodeInteropIT::context);
    assertEquals("function_not_found", reply.body().path("code").asText(), NodeInteropIT::context);
    assertEquals("Function a::does-not-exist not found", reply.body().path("message").asText(), NodeInteropIT::context);
    assertEquals("a::does-not-exist", reply.body().path("function_id").asText(), NodeInteropIT::context);
  }

  @Test
  void thrownErrorIsInvocationFailedWithItsStacktrace() throws Exception {
    Reply reply = b.call("a::fail", Map.of("message", "card declined"), CALL);
    assertTrue(reply.isError(), () -> "expected an error: " + reply.line() + context());
    assertEquals("invocation_failed", reply.body().path("code").asText(), NodeInteropIT::context);
    assertEquals("card declined", reply.body().path("message").asText(), NodeInteropIT::context);
    assertEquals("invocation_failed: card declined", reply.body().path("display").asText(), NodeInteropIT::context);
    String stack = reply.body().path("stacktrace").asText("");
    assertTrue(stack.startsWith("Error: card declined\n") && stack.contains("worker.mjs"),
        () -> "the callee's JS stack travels through the engine unchanged: " + stack + context());

    // The callee's own frame: ErrorBody {code, message, stacktrace}, no result member.
    JsonNode sent = a.awaitSentFrame("the a::fail invocationresult",
        f -> f.path("type").asText().equals("invocationresult") && f.path("function_id").asText().equals("a::fail"),
        CALL);
    assertFalse(sent.has("result"), () -> sent + context());
    assertEquals(List.of("code", "message", "stacktrace"), fieldNames(sent.path("error")), () -> sent + context());
  }

  @Test
  void voidCallRunsTheCalleeAndReturnsNothing() throws Exception {
    String marker = UUID.randomUUID().toString();
    Reply sent = b.voidCall("a::record", Map.of("marker", marker), CALL);
    assertEquals("SENT", sent.kind(), () -> sent.line() + context());
    assertTrue(sent.body().isNull(), () -> "trigger() with TriggerAction.Void() resolves to undefined" + context());

    JsonNode input = a.awaitInvoked("a::record", in -> marker.equals(in.path("marker").asText()), CALL);
    assertEquals(b.workerId(), input.path("_caller_worker_id").asText(), NodeInteropIT::context);

    JsonNode frame = b.awaitSentFrame("the void invokefunction",
        f -> f.path("type").asText().equals("invokefunction") && f.path("data").path("marker").asText().equals(marker),
        CALL);
    assertFalse(frame.has("invocation_id"), () -> "a void call carries no invocation_id: " + frame + context());
    assertEquals("void", frame.path("action").path("type").asText(), () -> frame + context());
  }

  // --- Facts about what iii-sdk@0.11.6 sends ----------------------------------------------------------

  @Test
  void undefinedPayloadIsSentWithoutDataAndTheEngineDropsTheInvocation() throws Exception {
    Reply sync = b.callWithUndefinedPayload("a::record", Duration.ofMillis(1500));
    // a::record answers at once; only an invocation the engine dropped can run into the SDK's timeout.
    assertTrue(sync.isError(), () -> sync.line() + context());
    assertEquals("TIMEOUT", sync.body().path("code").asText(), () -> sync.line() + context());

    String marker = UUID.randomUUID().toString();
    b.voidCallWithUndefinedPayload("a::record", CALL);
    b.voidCall("a::record", Map.of("marker", marker), CALL);
    a.awaitInvoked("a::record", in -> marker.equals(in.path("marker").asText()), CALL);
    // The engine handles b's frames in order, so a delivered undefined-payload call would show up first.
    assertTrue(a.invocationsSoFar("a::record").stream().noneMatch(JsonNode::isNull),
        () -> "a::record ran with an undefined payload" + context());

    List<JsonNode> withoutData = b.sentFramesSoFar().stream()
        .filter(f -> f.path("type").asText().equals("invokefunction") && f.path("function_id").asText().equals("a::record")
            && !f.has("data"))
        .toList();
    assertEquals(2, withoutData.size(), () -> "JSON.stringify drops `data: undefined`: " + withoutData + context());
  }

  @Test
  void workerMetadataIsAVoidCallOfEngineWorkersRegister() throws Exception {
    JsonNode frame = b.awaitSentFrame("engine::workers::register",
        f -> f.path("function_id").asText().equals("engine::workers::register"), CALL);
    assertFalse(frame.has("invocation_id"), () -> frame + context());
    assertEquals("void", frame.path("action").path("type").asText(), () -> frame + context());
    JsonNode data = frame.path("data");
    assertEquals("node", data.path("runtime").asText(), () -> frame + context());
    assertEquals("0.11.6", data.path("version").asText(), () -> frame + context());
    assertEquals("node-b", data.path("name").asText(), () -> frame + context());
    assertTrue(data.path("pid").canConvertToLong() && data.path("pid").asLong() > 0, () -> frame + context());
    assertTrue(data.path("os").asText().matches("\\S+ \\S+ \\(\\S+\\)"), () -> frame + context());
    assertTrue(data.has("isolation"), () -> "isolation is sent as null when III_ISOLATION is unset" + frame);
    assertEquals("iii-node", data.path("telemetry").path("framework").asText(), () -> frame + context());
    assertEquals("iii-java-interop-node", data.path("telemetry").path("project_name").asText(),
        () -> "project_name comes from ./package.json" + frame + context());
    assertFalse(data.path("telemetry").has("amplitude_api_key"), () -> "undefined is not sent" + frame + context());

    // The engine took it in: the worker is listed with the metadata (it is hidden until a pid arrives).
    Reply list = b.call("engine::workers::list", Map.of(), CALL);
    assertTrue(list.isResult(), () -> list.line() + context());
    JsonNode self = StreamSupport.stream(list.body().path("workers").spliterator(), false)
        .filter(w -> b.workerId().equals(w.path("id").asText())).findFirst().orElse(null);
    assertNotNull(self, () -> "node-b missing from engine::workers::list: " + list.line() + context());
    assertEquals("node", self.path("runtime").asText(), () -> self + context());
    assertEquals("node-b", self.path("name").asText(), () -> self + context());
  }

  @Test
  void registerServiceIsSentBeforeTheFunctionsOnlyWhenAsked() throws Exception {
    List<JsonNode> frames = b.sentFramesSoFar();
    List<String> types = frames.stream().map(f -> f.path("type").asText()).toList();
    int service = types.indexOf("registerservice");
    assertTrue(service >= 0, () -> "no registerservice from node-b: " + types + context());
    JsonNode frame = frames.get(service);
    assertEquals("node-b-service", frame.path("id").asText(), () -> frame + context());
    assertEquals("node-b-service", frame.path("name").asText(), () -> "name defaults to the id" + frame + context());
    assertTrue(service < types.indexOf("registerfunction"), () -> "services before functions: " + types + context());
    assertTrue(types.indexOf("registertriggertype") < service, () -> "trigger types first: " + types + context());

    assertFalse(a.sentFramesSoFar().stream().anyMatch(f -> f.path("type").asText().equals("registerservice")),
        () -> "a registered no service, so it sends no registerservice" + context());
  }

  @Test
  void unregisterTriggerTypeIsSentAndTheEngineIgnoresIt() throws Exception {
    b.unregisterTriggerType("node-b-type", CALL);
    JsonNode frame = b.awaitSentFrame("unregistertriggertype",
        f -> f.path("type").asText().equals("unregistertriggertype"), CALL);
    assertEquals("node-b-type", frame.path("id").asText(), () -> frame + context());
    assertEquals("test trigger type node-b-type", frame.path("description").asText(),
        () -> "Node copies the whole registration into it" + frame + context());

    // Undecodable for the engine: dropped without closing the connection, and the type stays registered.
    Reply types = b.call("engine::trigger-types::list", Map.of(), CALL);
    assertTrue(types.isResult(), () -> types.line() + context());
    assertTrue(StreamSupport.stream(types.body().path("trigger_types").spliterator(), false)
        .anyMatch(t -> t.path("id").asText().equals("node-b-type")), () -> types.line() + context());
  }

  @Test
  void traceContextFlowsFromAnOpenTelemetryEnabledNodeWorker() throws Exception {
    // node-c exports telemetry (its /otel socket and binary frames reach the engine) and relays a call to a.
    try (NodeWorker c = NodeWorker.start(nodeDir, engineUrl, "node-c", STARTUP,
        "--relay", "c::relay", "--otel", "--frames")) {
      String marker = UUID.randomUUID().toString();
      Reply reply = b.call("c::relay", Map.of("target", "a::echo", "payload", Map.of("marker", marker)), CALL);
      assertTrue(reply.isResult(), () -> reply.line() + context() + "\n" + c.describe());
      assertEquals("node-c", reply.body().path("relayed_by").asText(), reply::line);
      assertEquals("node-a", reply.body().path("result").path("echoed_by").asText(), reply::line);
      assertEquals(c.workerId(), reply.body().path("result").path("_caller_worker_id").asText(),
          () -> "the nested call's caller is c: " + reply.line());

      // With OTel on, a call made inside a handler carries the handler span as its parent.
      JsonNode nested = c.awaitSentFrame("the nested a::echo call", f -> isCallWithMarker(f, "a::echo", marker), CALL);
      String sentTrace = traceId(nested.path("traceparent").asText(""));
      assertNotNull(sentTrace, () -> "no W3C traceparent on " + nested + "\n" + c.describe());
      JsonNode atA = a.awaitReceivedFrame("the relayed a::echo call", f -> isCallWithMarker(f, "a::echo", marker), CALL);
      assertEquals(sentTrace, traceId(atA.path("traceparent").asText("")),
          () -> "the engine keeps the caller's trace: sent " + nested + ", delivered " + atA + context());

      // A callee answers with the traceparent it was given (OTel off in a) ...
      JsonNode aReply = a.awaitSentFrame("the a::echo result", f -> isResultFor(f, atA), CALL);
      assertEquals(atA.path("traceparent"), aReply.path("traceparent"), () -> atA + "\n" + aReply);
      // ... and so does an OTel-enabled callee: the reply is built after the handler span has ended.
      JsonNode atC = c.awaitReceivedFrame("the c::relay call",
          f -> f.path("type").asText().equals("invokefunction") && f.path("function_id").asText().equals("c::relay")
              && f.path("data").path("payload").path("marker").asText().equals(marker), CALL);
      JsonNode cReply = c.awaitSentFrame("the c::relay result", f -> isResultFor(f, atC), CALL);
      assertEquals(atC.path("traceparent"), cReply.path("traceparent"), () -> atC + "\n" + cReply);
      if (atC.hasNonNull("traceparent")) {
        assertEquals(traceId(atC.path("traceparent").asText()), sentTrace,
            () -> "the handler span continues the inbound trace: " + atC + "\n" + nested);
      }
    }
  }

  private static boolean isCallWithMarker(JsonNode frame, String functionId, String marker) {
    return frame.path("type").asText().equals("invokefunction") && frame.path("function_id").asText().equals(functionId)
        && frame.path("data").path("marker").asText().equals(marker);
  }

  private static boolean isResultFor(JsonNode frame, JsonNode invocation) {
    return frame.path("type").asText().equals("invocationresult")
        && frame.path("invocation_id").asText().equals(invocation.path("invocation_id").asText());
  }

  /** The trace id of a W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null if it is not one. */
  private static String traceId(String traceparent) {
    return traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}") ? traceparent.substring(3, 35) : null;
  }

  @Test
  void nodeSdkAnswersFunctionsItCannotServeWithItsOwnErrors() throws Exception {
    // Played against a raw WebSocket server inside the script: a conforming engine never routes these.
    List<JsonNode> frames = runProbe("probe-callee-errors.mjs");
    JsonNode unknown = resultFor(frames, "probe::never-registered");
    assertEquals("function_not_found", unknown.path("error").path("code").asText(), unknown::toString);
    assertEquals("Function not found", unknown.path("error").path("message").asText(), unknown::toString);
    JsonNode http = resultFor(frames, "probe::http-invoked");
    assertEquals("function_not_invokable", http.path("error").path("code").asText(), http::toString);
    assertEquals("Function is HTTP-invoked and cannot be invoked locally", http.path("error").path("message").asText(),
        http::toString);
    JsonNode control = resultFor(frames, "probe::echo");
    assertEquals(3, control.path("result").path("x").asInt(), control::toString);
  }

  /** Runs a self-contained Node script to its end and returns the frames it logged ({@code FRAME> …}). */
  private static List<JsonNode> runProbe(String script) throws Exception {
    Process process = new ProcessBuilder("node", script).directory(nodeDir.toFile()).start();
    process.getOutputStream().close();
    OutputLines output = new OutputLines(script, process);
    try {
      String end = output.await(script + " DONE", l -> l.equals("DONE") || l.startsWith("FATAL "), CALL);
      assertEquals("DONE", end, output::describe);
      return output.stdoutSnapshot().stream().filter(l -> l.startsWith("FRAME> "))
          .map(l -> NodeWorker.parse(l.substring("FRAME> ".length()))).toList();
    } finally {
      ChildProcesses.stop(process, Duration.ofSeconds(2));
    }
  }

  private static JsonNode resultFor(List<JsonNode> frames, String functionId) {
    return frames.stream()
        .filter(f -> f.path("type").asText().equals("invocationresult") && f.path("function_id").asText().equals(functionId))
        .findFirst().orElseThrow(() -> new AssertionError("no invocationresult for " + functionId + " in " + frames));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Everything the processes printed, appended to assertion messages (built only on failure). */
  private static String context() {
    String engineOutput = engine == null ? "(external engine " + engineUrl + ")" : engine.describe();
    return "\n" + a.describe() + "\n" + b.describe() + "\n" + engineOutput;
  }
}
