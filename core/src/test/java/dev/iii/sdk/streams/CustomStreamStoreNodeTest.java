package dev.iii.sdk.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.StreamStore;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.NodeWorker;
import dev.iii.testkit.internal.node.NodeWorker.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Java {@link StreamStore} registered with {@code createStream} serves {@code stream::set/get/list/list_groups}
 * calls made by a worker of the official Node SDK ({@code iii-sdk@0.11.6}, {@code interop/node/worker.mjs}) through
 * the in-process test engine. Skipped when {@code node} is not on PATH.
 */
@Tag("node")
class CustomStreamStoreNodeTest {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final Duration NPM = Duration.ofMinutes(5);

  record Score(String player, int points) {}

  private static final MapStreamStore<Score> store = new MapStreamStore<>();
  private static TestEngine engine;
  private static III javaWorker;
  private static NodeWorker node;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(NodeModules.nodeVersion() != null, "node is not on PATH: the Node SDK interop tests need Node.js 20+");
    Path nodeDir = NodeModules.locateNodeDir();
    NodeModules.ensureInstalled(nodeDir, NPM);

    engine = TestEngine.start();
    javaWorker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("java-stream").build());
    StreamStore.Registration reg = javaWorker.createStream("scores", Score.class, store);
    javaWorker.awaitRegistrations().toCompletableFuture().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    for (String id : reg.functionIds()) {
      engine.awaitFunction(id, CALL);
    }
    node = NodeWorker.start(nodeDir, engine.url(), "node-caller", STARTUP, "--echo", "node::echo");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (javaWorker != null) javaWorker.shutdown();
    if (engine != null) engine.close();
  }

  private static JsonNode ok(Reply reply) {
    assertTrue(reply.isResult(), "expected a result, got: " + reply.line());
    return reply.body();
  }

  @Test
  void nodeCallsAreServedByTheJavaStore() throws Exception {
    JsonNode set = ok(node.call("stream::set", Map.of("stream_name", "scores", "group_id", "league-a",
        "item_id", "p1", "data", Map.of("player", "ada", "points", 7)), CALL));
    assertTrue(set.get("old_value").isNull(), set.toString());
    assertEquals(7, set.get("new_value").get("points").asInt(), set.toString());
    assertEquals(Map.of("p1", new Score("ada", 7)), store.group("league-a"), "the Java map holds Node's write");

    JsonNode got = ok(node.call("stream::get",
        Map.of("stream_name", "scores", "group_id", "league-a", "item_id", "p1"), CALL));
    assertEquals("ada", got.get("player").asText(), got.toString());
    assertEquals(7, got.get("points").asInt(), got.toString());

    ok(node.call("stream::set", Map.of("stream_name", "scores", "group_id", "league-a",
        "item_id", "p2", "data", Map.of("player", "bob", "points", 3)), CALL));
    JsonNode list = ok(node.call("stream::list", Map.of("stream_name", "scores", "group_id", "league-a"), CALL));
    assertEquals(2, list.size(), list.toString());
    assertEquals("ada", list.get(0).get("player").asText(), list.toString());
    assertEquals("bob", list.get(1).get("player").asText(), list.toString());

    JsonNode groups = ok(node.call("stream::list_groups", Map.of("stream_name", "scores"), CALL));
    assertEquals("[\"league-a\"]", groups.toString());
  }
}
