package dev.iii.sdk.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iii.sdk.HookRecorder;
import dev.iii.sdk.HookRecorder.HookConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Custom trigger types across the two SDKs (issue 4): a provider registers a trigger type, a consumer registers a
 * trigger of it, the provider's handler sees the registration (config and metadata as sent), fires the consumer's
 * function (an ordinary call) and sees the unregistration with the same config. Both ways: Java provider with a Node
 * ({@code iii-sdk@0.11.6}) consumer, and Node provider with a Java consumer. One difference is shown, not hidden: the
 * engine sends the unregistration to a Node provider, but Node 0.11.6 never calls its handler's unregisterTrigger.
 *
 * <p>Skipped when {@code node} is not on PATH; tagged {@code node}.
 */
@Tag("node")
class NodeTriggerInteropTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestEngine engine;
  private static III java;
  private static NodeWorker node;
  private static final HookRecorder javaProvider = new HookRecorder();
  private static final List<JsonNode> javaConsumerInputs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path nodeDir = nodeDirOrSkip();
    engine = TestEngine.start();
    java = III.registerWorker(engine.url(), javaOptions("java-worker"));
    java.registerTriggerType(TriggerTypeDef.of("java-hook", HookConfig.class), javaProvider);
    java.registerFunction(FunctionDef.json("java::on_push", (in, ctx) -> {
      javaConsumerInputs.add(in);
      return Map.of("handled", in.path("path").asText());
    }));
    // Registrations travel in order on the control lane: once this last one is known, so is the trigger type.
    engine.awaitFunction("java::on_push", WAIT);
    node = NodeWorker.start(nodeDir, engine.url(), "node-worker", Duration.ofSeconds(60),
        "--trigger-type", "node-hook", "--record", "node::on_push", "--frames");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (java != null) java.shutdown();
    if (engine != null) engine.close();
  }

  static InitOptions javaOptions(String name) {
    return InitOptions.newBuilder().workerName(name).otel(OtelConfig.newBuilder().enabled(false).build()).build();
  }

  @Test
  void javaProviderSeesANodeTriggerFiresTheNodeFunctionAndSeesTheUnregistration() throws Exception {
    JsonNode metadata = JSON.createObjectNode().put("team", "node-side");
    ObjectNode register = node.command("register_trigger").put("key", "k1").put("type", "java-hook")
        .put("function_id", "node::on_push");
    register.set("config", JSON.createObjectNode().put("path", "/from-node"));
    register.set("metadata", metadata);
    assertEquals("DONE", node.send(register, WAIT).kind(), node.describe());

    awaitCondition(WAIT, () -> javaProvider.registered.size() == 1, "the Java provider saw Node's trigger");
    TriggerConfig<HookConfig> seen = javaProvider.registered.get(0);
    assertEquals("java-hook", seen.triggerType());
    assertEquals("node::on_push", seen.functionId());
    assertEquals(new HookConfig("/from-node"), seen.config());
    assertEquals(metadata, seen.metadata());
    assertEquals(4, UUID.fromString(seen.id()).version(), "the Node SDK chose a UUID v4 id: " + seen.id());

    // Firing: the provider calls the bound function.
    JsonNode answer = java.call(seen.functionId(), Map.of("path", seen.config().path(), "body", "fired by java"));
    assertEquals(true, answer.path("recorded").asBoolean(), answer.toString());
    JsonNode fired = node.awaitInvoked("node::on_push", j -> j.path("body").asText().equals("fired by java"), WAIT);
    assertEquals("/from-node", fired.path("path").asText());

    assertEquals("DONE", node.send(node.command("unregister_trigger").put("key", "k1"), WAIT).kind());
    awaitCondition(WAIT, () -> javaProvider.unregistered.size() == 1, "the Java provider saw the unregistration");
    assertEquals(seen, javaProvider.unregistered.get(0));
  }

  @Test
  void nodeProviderSeesAJavaTriggerAndFiresTheJavaFunctionButNode0116NeverSeesTheUnregistration() throws Exception {
    JsonNode metadata = JSON.createObjectNode().put("team", "java-side");
    TriggerRef trigger = java.registerTrigger(
        TriggerDef.of("node-hook", "java::on_push", new HookConfig("/from-java")).withMetadata(metadata));

    JsonNode seen = node.awaitLine("TRIGGER_REGISTERED node-hook ", "seeing the Java trigger",
        j -> j.path("id").asText().equals(trigger.id()), WAIT);
    assertEquals("java::on_push", seen.path("function_id").asText(), seen.toString());
    assertEquals(JSON.createObjectNode().put("path", "/from-java"), seen.get("config"));
    assertEquals(metadata, seen.get("metadata"));

    // Firing: the Node provider calls the bound Java function with what its config says.
    Map<String, Object> event = Map.of("path", seen.at("/config/path").asText(), "body", "fired by node");
    NodeWorker.Reply reply = node.call(seen.path("function_id").asText(), event, WAIT);
    assertEquals("RESULT", reply.kind(), reply.line());
    assertEquals("/from-java", reply.body().path("handled").asText(), reply.line());
    assertTrue(javaConsumerInputs.stream().anyMatch(j -> j.path("body").asText().equals("fired by node")),
        javaConsumerInputs.toString());

    // The engine tells the provider (an unregistertrigger frame with the id and type), but the Node SDK 0.11.6 does
    // not handle that frame: its handler's unregisterTrigger is never called (PROTOCOL.md §5.4, "Important SDK fact").
    trigger.unregister();
    JsonNode frame = node.awaitReceivedFrame("the unregistertrigger of " + trigger.id(),
        f -> f.path("type").asText().equals("unregistertrigger") && f.path("id").asText().equals(trigger.id()), WAIT);
    assertEquals("node-hook", frame.path("trigger_type").asText(), frame.toString());
    // A round trip after the frame: Node has handled everything it received before the answer.
    NodeWorker.Reply after = node.call("java::on_push", Map.of("path", "/after"), WAIT);
    assertEquals("RESULT", after.kind(), after.line());
    assertEquals(List.of(), node.linesSoFar("TRIGGER_UNREGISTERED "), node.describe());
  }

  static void awaitCondition(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for: " + what);
      try {
        TimeUnit.MILLISECONDS.sleep(5); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for: " + what);
      }
    }
  }

  /** The interop/node folder with its node_modules installed; skips the test class when node is missing. */
  static Path nodeDirOrSkip() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node 20+");
    Path dir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(dir, Duration.ofMinutes(5));
    return dir;
  }
}
