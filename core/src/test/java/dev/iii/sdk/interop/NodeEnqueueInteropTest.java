package dev.iii.sdk.interop;

import static dev.iii.sdk.interop.NodeTriggerInteropTest.awaitCondition;
import static dev.iii.sdk.interop.NodeTriggerInteropTest.javaOptions;
import static dev.iii.sdk.interop.NodeTriggerInteropTest.nodeDirOrSkip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.EnqueueResult;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.TriggerAction;
import dev.iii.sdk.TriggerRequest;
import dev.iii.testkit.DeadLetter;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.internal.node.NodeWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Enqueue and void calls across the two SDKs (issue 4): Java enqueues to Node functions, Node enqueues
 * ({@code TriggerAction.Enqueue({queue})}) to Java functions. On a queue with {@code max_retries: 3} a failing
 * function runs exactly 3 times (max_retries counts total attempts) and the job is then dead-lettered; a job that
 * succeeds arrives with its payload unchanged; a void call runs and returns nothing.
 *
 * <p>Skipped when {@code node} is not on PATH; tagged {@code node}.
 */
@Tag("node")
class NodeEnqueueInteropTest {

  private static final Duration WAIT = NodeTriggerInteropTest.WAIT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUEUE = "jobs";

  private static TestEngine engine;
  private static III java;
  private static NodeWorker node;
  private static final List<JsonNode> javaJobs = new CopyOnWriteArrayList<>();
  private static final List<JsonNode> javaFailures = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path nodeDir = nodeDirOrSkip();
    engine = TestEngine.start(TestEngineOptions.newBuilder()
        .queue(QUEUE, QueueConfig.newBuilder().maxRetries(3).backoffMs(50).build()).build());
    java = III.registerWorker(engine.url(), javaOptions("java-worker"));
    java.registerFunction(FunctionDef.json("java::job", (in, ctx) -> {
      javaJobs.add(in);
      return null;
    }));
    java.registerFunction(FunctionDef.json("java::flaky", (in, ctx) -> {
      javaFailures.add(in);
      throw new IllegalStateException("java job failed on purpose");
    }));
    engine.awaitFunction("java::job", WAIT);
    engine.awaitFunction("java::flaky", WAIT);
    node = NodeWorker.start(nodeDir, engine.url(), "node-worker", Duration.ofSeconds(60),
        "--record", "node::job", "--record-fail", "node::flaky");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (java != null) java.shutdown();
    if (engine != null) engine.close();
  }

  private static DeadLetter awaitDeadLetter(String functionId, String marker) {
    awaitCondition(WAIT, () -> deadLetterOf(functionId, marker) != null, functionId + " dead-lettered");
    return deadLetterOf(functionId, marker);
  }

  private static DeadLetter deadLetterOf(String functionId, String marker) {
    return engine.deadLetters(QUEUE).stream()
        .filter(d -> d.functionId().equals(functionId) && d.data().path("marker").asText().equals(marker))
        .findFirst().orElse(null);
  }

  // --- Java enqueues to Node ----------------------------------------------------------------------------

  @Test
  void javaEnqueuesToANodeFunctionAndTheJobArrivesUnchanged() throws Exception {
    String marker = UUID.randomUUID().toString();
    EnqueueResult receipt = java.enqueue(QUEUE, "node::job", Map.of("marker", marker, "n", 1));

    assertEquals(4, UUID.fromString(receipt.messageReceiptId()).version());
    JsonNode job = node.awaitInvoked("node::job", j -> j.path("marker").asText().equals(marker), WAIT);
    // Enqueued data reaches the function as sent: no _caller_worker_id.
    assertEquals(JSON.createObjectNode().put("marker", marker).put("n", 1), job);
  }

  @Test
  void javaEnqueuesToAFailingNodeFunctionWhichRunsMaxRetriesTimesThenIsDeadLettered() throws Exception {
    String marker = UUID.randomUUID().toString();
    java.enqueue(QUEUE, "node::flaky", Map.of("marker", marker, "message", "node job failed on purpose"));

    DeadLetter dead = awaitDeadLetter("node::flaky", marker);
    assertEquals(3, dead.attemptsMade(), dead.toString());
    // The engine stores a fixed text, not the handler's error (ENGINE.md §8, DLQ record).
    assertEquals("function call failed", dead.error(), dead.toString());
    // Each attempt prints its INVOKED line before throwing; the reader of Node's stdout may lag the engine a little.
    awaitCondition(WAIT, () -> attemptsOnNode(marker) >= 3, "3 attempts seen on Node");
    assertEquals(3, attemptsOnNode(marker), node.describe());
  }

  @Test
  void javaVoidCallsToNodeRunAndReturnNothing() throws Exception {
    String marker = UUID.randomUUID().toString();
    JsonNode viaTrigger = java.trigger(
        TriggerRequest.of("node::job", Map.of("marker", marker, "n", 1)).withAction(TriggerAction.voidAction()));
    java.fireAndForget("node::job", Map.of("marker", marker, "n", 2));

    assertTrue(viaTrigger.isNull(), viaTrigger.toString());
    node.awaitInvoked("node::job", j -> j.path("marker").asText().equals(marker) && j.path("n").asInt() == 1, WAIT);
    node.awaitInvoked("node::job", j -> j.path("marker").asText().equals(marker) && j.path("n").asInt() == 2, WAIT);
  }

  private static long attemptsOnNode(String marker) {
    return node.invocationsSoFar("node::flaky").stream()
        .filter(j -> j.path("marker").asText().equals(marker)).count();
  }

  // --- Node enqueues to Java ----------------------------------------------------------------------------

  private static NodeWorker.Reply nodeEnqueue(String queue, String functionId, Object payload) throws Exception {
    ObjectNode command = node.command("enqueue").put("queue", queue).put("function_id", functionId);
    command.set("payload", JSON.valueToTree(payload));
    return node.send(command, WAIT);
  }

  @Test
  void nodeEnqueuesToAJavaFunctionGetsAReceiptAndTheJobArrivesUnchanged() throws Exception {
    String marker = UUID.randomUUID().toString();
    NodeWorker.Reply reply = nodeEnqueue(QUEUE, "java::job", Map.of("marker", marker, "n", 1));

    assertEquals("RESULT", reply.kind(), reply.line());
    assertEquals(4, UUID.fromString(reply.body().path("messageReceiptId").asText()).version(), reply.line());
    awaitCondition(WAIT, () -> javaJobs.stream().anyMatch(j -> j.path("marker").asText().equals(marker)),
        "java::job ran");
    JsonNode job = javaJobs.stream().filter(j -> j.path("marker").asText().equals(marker)).findFirst().orElseThrow();
    assertEquals(JSON.createObjectNode().put("marker", marker).put("n", 1), job);
  }

  @Test
  void nodeEnqueuesToAFailingJavaFunctionWhichRunsMaxRetriesTimesThenIsDeadLettered() throws Exception {
    String marker = UUID.randomUUID().toString();
    NodeWorker.Reply reply = nodeEnqueue(QUEUE, "java::flaky", Map.of("marker", marker));
    assertEquals("RESULT", reply.kind(), reply.line());

    DeadLetter dead = awaitDeadLetter("java::flaky", marker);
    assertEquals(3, dead.attemptsMade(), dead.toString());
    // The engine stores a fixed text, not the handler's error (ENGINE.md §8, DLQ record).
    assertEquals("function call failed", dead.error(), dead.toString());
    assertEquals(3, javaFailures.stream().filter(j -> j.path("marker").asText().equals(marker)).count(),
        javaFailures.toString());
  }

  @Test
  void nodeEnqueueToAnUnknownQueueFailsWithEnqueueError() throws Exception {
    NodeWorker.Reply reply = nodeEnqueue("no-such-queue", "java::job", Map.of("marker", "never"));

    assertEquals("ERROR", reply.kind(), reply.line());
    assertEquals("enqueue_error", reply.body().path("code").asText(), reply.line());
    assertEquals("Queue 'no-such-queue' not found", reply.body().path("message").asText(), reply.line());
  }

  @Test
  void nodeVoidCallToJavaRunsAndReturnsNothing() throws Exception {
    String marker = UUID.randomUUID().toString();
    ObjectNode command = node.command("void").put("function_id", "java::job");
    command.set("payload", JSON.createObjectNode().put("marker", marker));
    NodeWorker.Reply reply = node.send(command, WAIT);

    assertEquals("SENT", reply.kind(), reply.line());
    assertTrue(reply.body() == null || reply.body().isNull(), reply.line());
    awaitCondition(WAIT, () -> javaJobs.stream().anyMatch(j -> j.path("marker").asText().equals(marker)),
        "java::job ran from Node's void call");
  }
}
