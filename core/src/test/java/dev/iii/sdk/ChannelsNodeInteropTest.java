package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.ChannelTransfers.Summary;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Channels between this SDK and the official Node SDK ({@code iii-sdk@0.11.6}): a Node handler reads a channel a
 * Java worker writes, and writes a channel a Java worker reads; the refs travel in the payload and the Node SDK
 * turns them into its own ends ({@code interop/node/lib/channels.mjs}). Bytes are checked by SHA-256, text
 * messages by content and order.
 *
 * <p>Skipped when {@code node} is not on PATH; runs {@code npm ci} in {@code interop/node} when needed.
 */
@Tag("node")
class ChannelsNodeInteropTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration TRANSFER = Duration.ofSeconds(60);
  private static final int MIB = 1024 * 1024;

  private static TestEngine engine;
  private static III javaWorker;
  private static NodeWorker node;
  private static ActorSystem<Void> testSystem;
  private static Materializer mat;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node.js 20+");
    Path nodeDir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(nodeDir, Duration.ofMinutes(5));
    engine = TestEngine.start();
    testSystem = ActorSystem.create(Behaviors.empty(), "channels-node");
    mat = Materializer.matFromSystem(testSystem);
    javaWorker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("java-channels").build());
    node = NodeWorker.start(nodeDir, engine.url(), "node-channels", STARTUP,
        "--channel-sink", "node::sink", "--channel-source", "node::source");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (javaWorker != null) javaWorker.shutdown();
    if (engine != null) engine.close();
    if (testSystem != null) testSystem.terminate();
  }

  @Test
  void nodeReadsWhatJavaWrites() throws Exception {
    Channel ch = javaWorker.createChannel(16);
    CompletableFuture<NodeWorker.Reply> reply = CompletableFuture.supplyAsync(
        () -> call("node::sink", Map.of("input", ch.readerRef())));

    Summary sent = ChannelTransfers.write(ch.writer(), 11, 2 * MIB + 5);

    JsonNode got = result(await(reply, TRANSFER));
    assertEquals(sent.sha256(), got.path("sha256").asText(), got.toString());
    assertEquals(sent.bytes(), got.path("bytes").asLong());
    assertEquals(withoutOffsets(sent.texts()), texts(got));
    assertTrue(sent.texts().size() > 3);
  }

  @Test
  void javaReadsWhatNodeWrites() {
    Channel ch = javaWorker.createChannel();
    CompletionStage<Summary> read = ChannelTransfers.read(ch.reader(), mat);

    JsonNode wrote = result(call("node::source", Map.of("output", ch.writerRef(), "bytes", 2 * MIB)));

    Summary received = await(read, TRANSFER);
    assertEquals(wrote.path("sha256").asText(), received.sha256(), wrote.toString());
    assertEquals(2 * MIB, received.bytes());
    assertEquals(texts(wrote), withoutOffsets(received.texts()));
    assertTrue(received.texts().size() > 3);
  }

  private static NodeWorker.Reply call(String functionId, Object payload) {
    try {
      return node.call(functionId, payload, TRANSFER);
    } catch (TimeoutException e) {
      throw new AssertionError(functionId + " did not answer\n" + node.describe(), e);
    }
  }

  private static JsonNode result(NodeWorker.Reply reply) {
    assertTrue(reply.isResult(), () -> reply.line() + "\n" + node.describe());
    return reply.body();
  }

  private static List<String> texts(JsonNode summary) {
    List<String> out = new ArrayList<>();
    summary.path("texts").forEach(t -> out.add(t.asText()));
    return out;
  }

  private static List<String> withoutOffsets(List<String> texts) {
    return texts.stream().map(t -> t.substring(0, t.lastIndexOf('@'))).toList();
  }
}
