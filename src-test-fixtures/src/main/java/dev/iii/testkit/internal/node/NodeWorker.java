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
      // A FATAL line (bad arguments, no engine) means READY will never come: fail with it at once.
      String line = worker.output.await(name + " READY", l -> l.startsWith("READY "), l -> l.startsWith("FATAL "),
          readyTimeout);
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
    Reply reply = send(command("unregister_trigger_type").put("trigger_type", triggerType), timeout);
    if (!reply.kind().equals("DONE")) {
      throw new IllegalStateException(name + " could not unregister " + triggerType + ": " + reply.line());
    }
  }

  /** The input of the first invocation of {@code functionId} this worker recorded that matches. */
  public JsonNode awaitInvoked(String functionId, Predicate<JsonNode> input, Duration timeout) throws TimeoutException {
    return awaitLine("INVOKED " + functionId + " ", functionId + " invoked with a matching input", input, timeout);
  }

  /** Every recorded input of {@code functionId} seen so far (for "this did not happen" checks). */
  public List<JsonNode> invocationsSoFar(String functionId) {
    return linesSoFar("INVOKED " + functionId + " ");
  }

  /** The first raw frame the SDK sent ({@code --frames} only) that matches, waiting up to {@code timeout}. */
  public JsonNode awaitSentFrame(String what, Predicate<JsonNode> frame, Duration timeout) throws TimeoutException {
    return awaitLine("FRAME> ", "sending " + what, frame, timeout);
  }

  /** The first raw frame the SDK received ({@code --frames} only) that matches, waiting up to {@code timeout}. */
  public JsonNode awaitReceivedFrame(String what, Predicate<JsonNode> frame, Duration timeout) throws TimeoutException {
    return awaitLine("FRAME< ", "receiving " + what, frame, timeout);
  }

  /** Every raw frame the SDK sent so far ({@code --frames} only), in order. */
  public List<JsonNode> sentFramesSoFar() {
    return linesSoFar("FRAME> ");
  }

  /**
   * The JSON after {@code prefix} on the first stdout line that starts with it and whose JSON matches, waiting up
   * to {@code timeout}: for any line worker.mjs prints ({@code TRIGGER_REGISTERED <type> }, {@code INVOKED <id> }…).
   */
  public JsonNode awaitLine(String prefix, String what, Predicate<JsonNode> json, Duration timeout)
      throws TimeoutException {
    String line = output.await(name + " " + what + " (a \"" + prefix + "…\" line)",
        l -> l.startsWith(prefix) && json.test(parse(l.substring(prefix.length()))), timeout);
    return parse(line.substring(prefix.length()));
  }

  /** The JSON after {@code prefix} of every stdout line so far that starts with it, in order. */
  public List<JsonNode> linesSoFar(String prefix) {
    return output.stdoutSnapshot().stream().filter(l -> l.startsWith(prefix))
        .map(l -> parse(l.substring(prefix.length()))).toList();
  }

  public String describe() {
    return output.describe();
  }

  private ObjectNode command(String op, String functionId) {
    return command(op).put("function_id", functionId);
  }

  /**
   * A new stdin command {@code {"op": op, "id": <unique>}}, for the caller to complete with the op's fields and
   * hand to {@link #send}: any op worker.mjs knows ({@code register_trigger}, {@code enqueue}…), not only those
   * with a method here.
   */
  public ObjectNode command(String op) {
    // The id comes back as the second word of the reply line, so it must hold no space.
    return JSON.createObjectNode().put("op", op).put("id", op + "-" + commandIds.incrementAndGet());
  }

  /**
   * Writes {@code command} (made by {@link #command(String)}) as one line on the worker's stdin and waits for the
   * RESULT, ERROR, SENT or DONE line that answers its id.
   */
  public Reply send(ObjectNode command, Duration timeout) throws TimeoutException {
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
