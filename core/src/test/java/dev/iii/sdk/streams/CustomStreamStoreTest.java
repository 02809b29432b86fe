package dev.iii.sdk.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.StreamStore;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link III#createStream}: a map-backed {@link StreamStore} in one worker serves the engine's {@code stream::*}
 * built-ins called by another worker (PROTOCOL §7.3), with items typed through the payload mapper.
 */
class CustomStreamStoreTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  record Cart(String owner, int count) {}

  private TestEngine engine;
  private III provider;
  private III client;
  private final MapStreamStore<Cart> store = new MapStreamStore<>();

  @BeforeEach
  void start() throws Exception {
    engine = TestSupport.startEngine();
    provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("stream-provider").build());
    client = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("stream-client").build());
  }

  @AfterEach
  void stop() {
    if (client != null) client.shutdown();
    if (provider != null) provider.shutdown();
    if (engine != null) engine.close();
  }

  private StreamStore.Registration serveCarts() throws Exception {
    StreamStore.Registration reg = provider.createStream("carts", Cart.class, store);
    provider.awaitRegistrations().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    for (String id : reg.functionIds()) {
      engine.awaitFunction(id, WAIT);
    }
    return reg;
  }

  /** Polls {@code condition} until true or {@link #WAIT} passes. */
  private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20); // polling interval, not synchronisation: the condition decides
    }
  }

  @Test
  void registersExactlyTheFiveSeedFunctions() throws Exception {
    StreamStore.Registration reg = serveCarts();

    assertEquals("carts", reg.streamName());
    assertEquals(List.of("stream::get(carts)", "stream::set(carts)", "stream::delete(carts)", "stream::list(carts)",
        "stream::list_groups(carts)"), reg.functionIds());
  }

  @Test
  void anotherWorkersStreamCallsAreServedByTheStore() throws Exception {
    serveCarts();

    JsonNode set = client.call("stream::set",
        Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1", "data", Map.of("owner", "ann", "count", 2)));
    assertTrue(set.get("old_value").isNull(), set.toString());
    assertEquals(2, set.get("new_value").get("count").asInt(), set.toString());
    assertEquals(Map.of("c1", new Cart("ann", 2)), store.group("u1"), "the value landed in the Java map");

    JsonNode again = client.call("stream::set",
        Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1", "data", Map.of("owner", "ann", "count", 5)));
    assertEquals(2, again.get("old_value").get("count").asInt(), again.toString());

    Cart got = client.call("stream::get", Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1"),
        Cart.class);
    assertEquals(new Cart("ann", 5), got);
    JsonNode missing = client.call("stream::get", Map.of("stream_name", "carts", "group_id", "u1", "item_id", "nope"));
    assertTrue(missing == null || missing.isNull(), "absent item: " + missing);

    client.call("stream::set",
        Map.of("stream_name", "carts", "group_id", "u2", "item_id", "c9", "data", Map.of("owner", "bo", "count", 1)));
    JsonNode list = client.call("stream::list", Map.of("stream_name", "carts", "group_id", "u1"));
    assertEquals(1, list.size(), list.toString());
    assertEquals("ann", list.get(0).get("owner").asText(), list.toString());
    JsonNode groups = client.call("stream::list_groups", Map.of("stream_name", "carts"));
    assertEquals("[\"u1\",\"u2\"]", groups.toString());

    JsonNode deleted = client.call("stream::delete", Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1"));
    assertEquals(5, deleted.get("old_value").get("count").asInt(), deleted.toString());
    assertEquals(Map.of(), store.group("u1"));
  }

  @Test
  void aBadItemIsTheCallersErrorAndTheStoreIsUntouched() throws Exception {
    serveCarts();
    int before = store.calls.get();

    InvocationException e = assertThrows(InvocationException.class, () -> client.call("stream::set",
        Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1", "data", Map.of("count", "many"))));

    assertTrue(e.getMessage().contains("Cart"), e.getMessage());
    assertEquals(before, store.calls.get(), "the store never saw the malformed item");
  }

  @Test
  void unregisteringReturnsTheStreamToTheEngine() throws Exception {
    StreamStore.Registration reg = serveCarts();
    reg.unregister();
    awaitCondition(() -> engine.functions().stream().noneMatch(f -> reg.functionIds().contains(f.id())),
        "the engine forgets the five functions");
    int before = store.calls.get();

    client.call("stream::set",
        Map.of("stream_name", "carts", "group_id", "u1", "item_id", "c1", "data", Map.of("owner", "x", "count", 1)));

    assertEquals(before, store.calls.get(), "the engine's own storage served the call");
    assertEquals(Map.of(), store.group("u1"));
  }
}
