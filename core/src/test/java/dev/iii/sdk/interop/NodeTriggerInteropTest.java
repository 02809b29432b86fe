package dev.iii.sdk.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.ChildProcesses;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.OutputLines;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
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

  record HookConfig(String path) {}

  static final class Recorder implements TriggerHandler<HookConfig> {
    final List<TriggerConfig<HookConfig>> registered = new CopyOnWriteArrayList<>();
    final List<TriggerConfig<HookConfig>> unregistered = new CopyOnWriteArrayList<>();

    @Override
    public void registerTrigger(TriggerConfig<HookConfig> t) {
      registered.add(t);
    }

    @Override
    public void unregisterTrigger(TriggerConfig<HookConfig> t) {
      unregistered.add(t);
    }
  }

  private static TestEngine engine;
  private static III java;
  private static ScriptedNode node;
  private static final Recorder javaProvider = new Recorder();
  private static final List<JsonNode> javaConsumerInputs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path nodeDir = ScriptedNode.nodeDirOrSkip();
    engine = TestEngine.start();
    java = III.registerWorker(engine.url(), javaOptions("java-worker"));
    java.registerTriggerType(TriggerTypeDef.of("java-hook", HookConfig.class), javaProvider);
    java.registerFunction(FunctionDef.json("java::on_push", (in, ctx) -> {
      javaConsumerInputs.add(in);
      return Map.of("handled", in.path("path").asText());
    }));
    // Registrations travel in order on the control lane: once this last one is known, so is the trigger type.
    engine.awaitFunction("java::on_push", WAIT);
    node = ScriptedNode.start(nodeDir, engine.url(), "node-worker",
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
    JsonNode fired = node.awaitLine("INVOKED node::on_push ", j -> j.path("body").asText().equals("fired by java"),
        WAIT);
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

    JsonNode seen = node.awaitLine("TRIGGER_REGISTERED node-hook ", j -> j.path("id").asText().equals(trigger.id()),
        WAIT);
    assertEquals("java::on_push", seen.path("function_id").asText(), seen.toString());
    assertEquals(JSON.createObjectNode().put("path", "/from-java"), seen.get("config"));
    assertEquals(metadata, seen.get("metadata"));

    // Firing: the Node provider calls the bound Java function with what its config says.
    Map<String, Object> event = Map.of("path", seen.at("/config/path").asText(), "body", "fired by node");
    ScriptedNode.Reply reply = node.send(node.command("call").put("function_id", seen.path("function_id").asText())
        .set("payload", JSON.valueToTree(event)), WAIT);
    assertEquals("RESULT", reply.kind(), reply.line());
    assertEquals("/from-java", reply.body().path("handled").asText(), reply.line());
    assertTrue(javaConsumerInputs.stream().anyMatch(j -> j.path("body").asText().equals("fired by node")),
        javaConsumerInputs.toString());

    // The engine tells the provider (an unregistertrigger frame with the id and type), but the Node SDK 0.11.6 does
    // not handle that frame: its handler's unregisterTrigger is never called (PROTOCOL.md §5.4, "Important SDK fact").
    trigger.unregister();
    JsonNode frame = node.awaitLine("FRAME< ", f -> f.path("type").asText().equals("unregistertrigger")
        && f.path("id").asText().equals(trigger.id()), WAIT);
    assertEquals("node-hook", frame.path("trigger_type").asText(), frame.toString());
    // A round trip after the frame: Node has handled everything it received before the answer.
    ScriptedNode.Reply after = node.send(node.command("call").put("function_id", "java::on_push")
        .set("payload", JSON.createObjectNode().put("path", "/after")), WAIT);
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

  /**
   * A {@code interop/node/worker.mjs} process driven with any stdin command. A local stand-in for
   * {@code dev.iii.testkit.internal.node.NodeWorker}, whose command sending is private and knows only the older
   * commands; this one also sends {@code register_trigger}, {@code unregister_trigger} and {@code enqueue}, and
   * waits for any output line (TRIGGER_REGISTERED, INVOKED…).
   */
  static final class ScriptedNode implements AutoCloseable {
    record Reply(String kind, JsonNode body, String line) {}

    private final String name;
    private final Process process;
    private final OutputLines output;
    private final OutputStream stdin;
    private final AtomicInteger ids = new AtomicInteger();

    private ScriptedNode(String name, Process process) {
      this.name = name;
      this.process = process;
      this.output = new OutputLines(name, process);
      this.stdin = process.getOutputStream();
    }

    /** The interop/node folder with its node_modules installed; skips the test class when node is missing. */
    static Path nodeDirOrSkip() throws Exception {
      assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node 20+");
      Path dir = NodeModules.locateNodeDir();
      NodeModules.ensureInstalled(dir, Duration.ofMinutes(5));
      return dir;
    }

    /** Starts the worker and waits for READY (the engine knows all its registrations). */
    static ScriptedNode start(Path dir, String url, String name, String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of("node", "worker.mjs", "--url", url, "--name", name));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.environment().remove("III_URL");
      builder.environment().remove("OTEL_ENABLED");
      ScriptedNode node = new ScriptedNode(name, builder.start());
      try {
        String line = node.output.await(name + " READY", l -> l.startsWith("READY ") || l.startsWith("FATAL "),
            Duration.ofSeconds(60));
        if (line.startsWith("FATAL ")) throw new IllegalStateException(name + " failed: " + node.describe());
        return node;
      } catch (Exception e) {
        node.close();
        throw e;
      }
    }

    ObjectNode command(String op) {
      return JSON.createObjectNode().put("op", op).put("id", op + "-" + ids.incrementAndGet());
    }

    /** Sends one command and waits for its RESULT, ERROR, SENT or DONE line. */
    Reply send(ObjectNode command, Duration timeout) throws TimeoutException {
      String id = command.get("id").asText();
      try {
        stdin.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot send a command to " + name + "\n" + describe(), e);
      }
      String line = output.await("the reply to " + command, l -> {
        String[] parts = l.split(" ", 3);
        return parts.length >= 2 && parts[1].equals(id) && List.of("RESULT", "ERROR", "SENT", "DONE").contains(parts[0]);
      }, timeout);
      String[] parts = line.split(" ", 3);
      return new Reply(parts[0], parts.length == 3 ? parse(parts[2]) : null, line);
    }

    /** The JSON of the first stdout line starting with {@code prefix} whose JSON matches. */
    JsonNode awaitLine(String prefix, Predicate<JsonNode> test, Duration timeout) throws TimeoutException {
      String line = output.await(name + ": " + prefix + "…", l -> l.startsWith(prefix)
          && test.test(parse(l.substring(prefix.length()))), timeout);
      return parse(line.substring(prefix.length()));
    }

    /** Every line so far starting with {@code prefix}, as JSON. */
    List<JsonNode> linesSoFar(String prefix) {
      return output.stdoutSnapshot().stream().filter(l -> l.startsWith(prefix))
          .map(l -> parse(l.substring(prefix.length()))).toList();
    }

    String describe() {
      return output.describe();
    }

    private static JsonNode parse(String json) {
      try {
        return JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the Node worker printed invalid JSON: " + json, e);
      }
    }

    /** Closing stdin makes the worker shut its SDK down and exit; kill it if it lingers. */
    @Override
    public void close() {
      try {
        stdin.close();
      } catch (IOException e) {
        // Already gone.
      }
      if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(3))) {
        ChildProcesses.stop(process, Duration.ofSeconds(2));
      }
    }
  }
}
