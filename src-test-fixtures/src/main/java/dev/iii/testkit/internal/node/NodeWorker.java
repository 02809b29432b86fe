package dev.iii.testkit.internal.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One {@code interop/node/worker.mjs} process: a worker of the official Node SDK (iii-sdk@0.11.6),
 * driven through JSON commands on its stdin and observed through the protocol lines on its stdout
 * (documented at the top of worker.mjs).
 */
public final class NodeWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a command came back with: kind is RESULT, ERROR or SENT; body is the JSON after the id. */
  public record Reply(String kind, @Nullable JsonNode body, String line) {
    public boolean isResult() {
      return kind.equals("RESULT");
    }

    public boolean isError() {
      return kind.equals("ERROR");
    }
  }

  private final String name;
  private final Process process;
  private final OutputLines output;
  private final OutputStream stdin;
  private final AtomicInteger commandIds = new AtomicInteger();
  private JsonNode ready;

  private NodeWorker(String name, Process process) {
    this.name = name;
    this.process = process;
    this.output = new OutputLines(name, process);
    this.stdin = process.getOutputStream();
  }

  /**
   * Starts {@code node worker.mjs --url <engineUrl> --name <name> <args>} in {@code nodeDir} and waits
   * for READY, i.e. until the engine knows every function the worker registered.
   */
  public static NodeWorker start(Path nodeDir, String engineUrl, String name, Duration readyTimeout, String... args)
      throws IOException, TimeoutException {
    List<String> command = new ArrayList<>(List.of("node", "worker.mjs", "--url", engineUrl, "--name", name));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(nodeDir.toFile());
    // The SDK would otherwise pick these up from the environment of whoever runs the build.
    builder.environment().remove("III_URL");
    builder.environment().remove("OTEL_ENABLED");
    NodeWorker worker = new NodeWorker(name, builder.start());
    try {
      String line = worker.output.await(name + " READY (or FATAL)",
          l -> l.startsWith("READY ") || l.startsWith("FATAL "), readyTimeout);
      if (line.startsWith("FATAL ")) {
        throw new IllegalStateException(name + " could not start: " + line + "\n" + worker.describe());
      }
      worker.ready = JSON.readTree(line.substring("READY ".length()));
      return worker;
    } catch (TimeoutException | IOException | RuntimeException e) {
      worker.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  /** The id the engine gave this worker (its {@code workerregistered}). */
  public @Nullable String workerId() {
    return ready.path("worker_id").asText(null);
  }

  /** A synchronous {@code trigger()} with {@code payload} (a JSON value; Java null means JSON null). */
  public Reply call(String functionId, Object payload, Duration timeout) throws TimeoutException {
    ObjectNode command = command("call", functionId);
    command.set("payload", JSON.valueToTree(payload));
    command.put("timeout_ms", timeout.toMillis());
    return send(command, timeout.plusSeconds(5));
  }

  /** A synchronous {@code trigger()} whose payload is left undefined, as a JS caller may do. */
  public Reply callWithUndefinedPayload(String functionId, Duration sdkTimeout) throws TimeoutException {
    ObjectNode command = command("call", functionId);
    command.put("timeout_ms", sdkTimeout.toMillis());
    return send(command, sdkTimeout.plusSeconds(5));
  }

  /** {@code trigger()} with {@code TriggerAction.Void()}; returns once the SDK has sent it. */
  public Reply voidCall(String functionId, Object payload, Duration timeout) throws TimeoutException {
    ObjectNode command = command("void", functionId);
    command.set("payload", JSON.valueToTree(payload));
    return send(command, timeout);
  }

  /** {@code trigger()} with {@code TriggerAction.Void()} and an undefined payload. */
  public Reply voidCallWithUndefinedPayload(String functionId, Duration timeout) throws TimeoutException {
    return send(command("void", functionId), timeout);
  }

  /** Calls {@code iii.unregisterTriggerType} for a type registered with {@code --trigger-type}. */
  public void unregisterTriggerType(String triggerType, Duration timeout) throws TimeoutException {
    ObjectNode command = JSON.createObjectNode().put("op", "unregister_trigger_type")
        .put("id", "u" + commandIds.incrementAndGet()).put("trigger_type", triggerType);
    Reply reply = send(command, timeout);
    if (!reply.kind().equals("DONE")) {
      throw new IllegalStateException(name + " could not unregister " + triggerType + ": " + reply.line());
    }
  }

  /** The input of the first invocation of {@code functionId} this worker recorded that matches. */
  public JsonNode awaitInvoked(String functionId, Predicate<JsonNode> input, Duration timeout) throws TimeoutException {
    String prefix = "INVOKED " + functionId + " ";
    String line = output.await(functionId + " invoked with a matching input on " + name,
        l -> l.startsWith(prefix) && input.test(parse(l.substring(prefix.length()))), timeout);
    return parse(line.substring(prefix.length()));
  }

  /** Every recorded input of {@code functionId} seen so far (for "this did not happen" checks). */
  public List<JsonNode> invocationsSoFar(String functionId) {
    String prefix = "INVOKED " + functionId + " ";
    return output.stdoutSnapshot().stream().filter(l -> l.startsWith(prefix))
        .map(l -> parse(l.substring(prefix.length()))).toList();
  }

  /** The first raw frame the SDK sent ({@code --frames} only) that matches, waiting up to {@code timeout}. */
  public JsonNode awaitSentFrame(String what, Predicate<JsonNode> frame, Duration timeout) throws TimeoutException {
    return awaitFrame("FRAME> ", name + " sending " + what, frame, timeout);
  }

  /** The first raw frame the SDK received ({@code --frames} only) that matches, waiting up to {@code timeout}. */
  public JsonNode awaitReceivedFrame(String what, Predicate<JsonNode> frame, Duration timeout) throws TimeoutException {
    return awaitFrame("FRAME< ", name + " receiving " + what, frame, timeout);
  }

  /** Every raw frame the SDK sent so far ({@code --frames} only), in order. */
  public List<JsonNode> sentFramesSoFar() {
    return output.stdoutSnapshot().stream().filter(l -> l.startsWith("FRAME> "))
        .map(l -> parse(l.substring("FRAME> ".length()))).toList();
  }

  private JsonNode awaitFrame(String prefix, String what, Predicate<JsonNode> frame, Duration timeout)
      throws TimeoutException {
    String line = output.await(what, l -> l.startsWith(prefix) && frame.test(parse(l.substring(prefix.length()))),
        timeout);
    return parse(line.substring(prefix.length()));
  }

  public String describe() {
    return output.describe();
  }

  private ObjectNode command(String op, String functionId) {
    return JSON.createObjectNode().put("op", op).put("id", op.charAt(0) + String.valueOf(commandIds.incrementAndGet()))
        .put("function_id", functionId);
  }

  private Reply send(ObjectNode command, Duration timeout) throws TimeoutException {
    String id = command.get("id").asText();
    try {
      stdin.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send a command to " + name + "\n" + describe(), e);
    }
    String line = output.await("the reply to " + command, l -> isReplyTo(l, id), timeout);
    String[] parts = line.split(" ", 3);
    return new Reply(parts[0], parts.length == 3 ? parse(parts[2]) : null, line);
  }

  private static boolean isReplyTo(String line, String id) {
    String[] parts = line.split(" ", 3);
    return parts.length >= 2 && parts[1].equals(id)
        && List.of("RESULT", "ERROR", "SENT", "DONE").contains(parts[0]);
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Node worker printed invalid JSON: " + json, e);
    }
  }

  /** Closes stdin (the worker then shuts its SDK down and exits), and kills it if it lingers. */
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
