package dev.iii.streams;

import static dev.iii.streams.Workers.await;
import static dev.iii.streams.Workers.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InvocationException;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link StreamClient} against the test engine's {@code stream::*}: typed items, ops, errors, change events. */
class StreamClientTest {
  record Cart(long count, List<String> items) {}

  static TestEngine engine;
  static III iii;
  static ActorSystem<Void> system;
  static StreamClient<Cart> carts;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
    iii = Workers.worker(engine.url(), "stream-client");
    system = Workers.system("stream-client-test");
    carts = StreamClient.of(iii, "carts", Cart.class);
  }

  @AfterAll
  static void stop() {
    system.terminate();
    iii.close();
    engine.close();
  }

  @Test
  void setGetUpdateDeleteListAndGroups() {
    assertNull(await(carts.get("u1", "cart")));
    Change<Cart> set = await(carts.set("u1", "cart", new Cart(1, List.of("a"))));
    assertNull(set.oldValue());
    assertEquals(new Cart(1, List.of("a")), set.newValue());
    Change<Cart> updated = await(carts.update("u1", "cart", UpdateOp.increment("count", 2),
        UpdateOp.append("items", "b")));
    assertEquals(new Cart(1, List.of("a")), updated.oldValue());
    assertEquals(new Cart(3, List.of("a", "b")), updated.newValue());
    await(carts.set("u1", "spare", new Cart(0, List.of())));
    await(carts.set("u2", "cart", new Cart(9, List.of())));
    assertEquals(List.of(3L, 0L), await(carts.list("u1")).stream().map(Cart::count).toList());
    assertEquals(Set.of("u1", "u2"), Set.copyOf(await(carts.listGroups())));
    assertEquals(new Cart(3, List.of("a", "b")), await(carts.delete("u1", "cart")));
    assertNull(await(carts.delete("u1", "cart")), "deleting a missing item returns a null old value");
    assertEquals(new Cart(0, List.of()), await(carts.get("u1", "spare")));
  }

  @Test
  void engineErrorsSurfaceAsInvocationExceptionsWithTheEnginesCode() {
    // A custom stream whose set returns nothing: the engine answers STREAM_SET_ERROR (ENGINE §7.3).
    iii.registerFunction(FunctionDef.json("stream::set(broken)", (in, ctx) -> null));
    await(iii.awaitRegistrations());
    Throwable error = failure(StreamClient.of(iii, "broken", Cart.class).set("g", "i", new Cart(1, List.of())));
    InvocationException ie = assertInstanceOf(InvocationException.class, error);
    assertEquals("STREAM_SET_ERROR", ie.code());
    assertTrue(ie.errorMessage().contains("no result"), ie.errorMessage());
  }

  @Test
  void aSubscriberSeesCreateUpdateCustomAndDeleteEventsInOrder() {
    StreamClient<Cart> live = StreamClient.of(iii, "live", Cart.class);
    Pair<ChangeSubscription, CompletionStage<List<StreamEvent<Cart>>>> run =
        live.changes("room", null).take(4).toMat(Sink.seq(), Keep.both()).run(system);
    await(run.first().ready());

    await(live.set("elsewhere", "x", new Cart(0, List.of()))); // another group: not seen
    await(live.set("room", "c", new Cart(1, List.of())));
    await(live.update("room", "c", UpdateOp.set("count", 5)));
    await(live.send("room", null, "typing", java.util.Map.of("who", "ann")));
    await(live.delete("room", "c"));

    List<StreamEvent<Cart>> events = await(run.second());
    assertEquals(List.of("create", "update", "event", "delete"), events.stream().map(StreamEvent::kind).toList());
    assertEquals(new Cart(1, List.of()), events.get(0).data());
    assertEquals("c", events.get(0).itemId());
    assertEquals(5, events.get(1).data().count());
    assertEquals("typing", events.get(2).customType());
    assertEquals("ann", events.get(2).customData().path("who").asText());
    assertNull(events.get(2).itemId());
    assertEquals(5, events.get(3).data().count(), "a delete event carries the deleted value");
    events.forEach(e -> {
      assertEquals("live", e.streamName());
      assertEquals("room", e.groupId());
      assertTrue(e.timestamp() > 0);
    });
    Workers.awaitCondition(Workers.WAIT,
        () -> engine.triggers().stream().noneMatch(t -> t.id().equals(run.first().triggerId())));
  }
}
