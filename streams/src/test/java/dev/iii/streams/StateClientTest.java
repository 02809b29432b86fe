package dev.iii.streams;

import static dev.iii.streams.Workers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.III;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link StateClient} against the test engine's {@code state::*}: typed values, update ops, change events. */
class StateClientTest {
  record Counter(String name, long count, Map<String, Object> meta, List<String> tags) {}

  static TestEngine engine;
  static III iii;
  static ActorSystem<Void> system;
  static StateClient<Counter> state;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
    iii = Workers.worker(engine.url(), "state-client");
    system = Workers.system("state-client-test");
    state = StateClient.of(iii, Counter.class);
  }

  @AfterAll
  static void stop() {
    system.terminate();
    iii.close();
    engine.close();
  }

  @Test
  void setGetDeleteAndListReturnWhatTheEngineSays() {
    assertNull(await(state.get("crud", "a")));
    Change<Counter> created = await(state.set("crud", "a", new Counter("a", 1, Map.of(), List.of())));
    assertNull(created.oldValue());
    assertEquals(new Counter("a", 1, Map.of(), List.of()), created.newValue());
    Change<Counter> replaced = await(state.set("crud", "a", new Counter("a", 2, Map.of(), List.of())));
    assertEquals(1, replaced.oldValue().count());
    assertEquals(2, replaced.newValue().count());
    await(state.set("crud", "b", new Counter("b", 5, Map.of(), List.of())));
    assertEquals(List.of("a", "b"), await(state.list("crud")).stream().map(Counter::name).toList());
    assertEquals(2, await(state.get("crud", "a")).count());
    assertEquals("a", await(state.delete("crud", "a")).name(), "delete returns the deleted value itself");
    assertNull(await(state.delete("crud", "a")), "deleting a missing key returns no result");
    assertTrue(await(state.listGroups()).contains("crud"));
  }

  @Test
  void updateAppliesOpsInOrderAndReportsSkippedOnes() {
    await(state.set("ops", "c", new Counter("c", 10, Map.of("keep", 1), List.of("x"))));
    Change<Counter> change = await(state.update("ops", "c",
        UpdateOp.increment("count", 5),
        UpdateOp.decrement("count", 2),
        UpdateOp.merge("meta", Map.of("by", "test")),
        UpdateOp.append("tags", "y"),
        UpdateOp.increment("name", 1), // not a number: skipped and reported, the rest still applies
        UpdateOp.set("name", "renamed")));
    assertEquals(10, change.oldValue().count());
    assertEquals(new Counter("renamed", 13, Map.of("keep", 1, "by", "test"), List.of("x", "y")), change.newValue());
    assertEquals(1, change.errors().size());
    UpdateError error = change.errors().get(0);
    assertEquals(4, error.opIndex());
    assertEquals("increment.not_number", error.code());
    assertTrue(error.docUrl().startsWith("https://iii.dev/docs/workers/iii-state"));

    Change<Counter> removed = await(state.update("ops", "c", UpdateOp.remove("tags")));
    assertNull(removed.newValue().tags());
  }

  @Test
  void updateOfAMissingKeyStartsFromAnEmptyObject() {
    StateClient<Map> raw = StateClient.of(iii, Map.class);
    Change<Map> change = await(raw.update("fresh", "k", UpdateOp.increment("hits", 3),
        UpdateOp.merge(List.of("a", "b"), Map.of("c", 1))));
    assertNull(change.oldValue());
    assertEquals(Map.of("hits", 3, "a", Map.of("b", Map.of("c", 1))), change.newValue());
    assertTrue(change.errors().isEmpty());
  }

  @Test
  void badInputIsRejectedLocally() {
    assertThrows(IllegalArgumentException.class, () -> state.get("", "k"));
    assertThrows(IllegalArgumentException.class, () -> state.update("s", "k", List.of()));
    assertThrows(NullPointerException.class, () -> UpdateOp.set(null, 1));
  }

  @Test
  void aSubscriberSeesTheChangeEventsInOrderAndTheTriggerGoesWhenTheStreamEnds() {
    Pair<ChangeSubscription, java.util.concurrent.CompletionStage<List<StateEvent<Counter>>>> run =
        state.changes("watched", null).take(4).toMat(Sink.seq(), Keep.both()).run(system);
    ChangeSubscription subscription = run.first();
    await(subscription.ready());
    assertTrue(engine.triggers().stream().anyMatch(t -> t.id().equals(subscription.triggerId())));

    await(state.set("other", "x", new Counter("x", 0, Map.of(), List.of()))); // another scope: not seen
    await(state.set("watched", "k", new Counter("k", 1, Map.of(), List.of())));
    await(state.update("watched", "k", UpdateOp.increment("count", 1)));
    await(state.set("watched", "k", new Counter("k", 7, Map.of(), List.of())));
    await(state.delete("watched", "k"));

    List<StateEvent<Counter>> events = await(run.second());
    assertEquals(List.of("created", "updated", "updated", "deleted"),
        events.stream().map(StateEvent::kind).toList());
    assertNull(events.get(0).oldValue());
    assertEquals(1, events.get(0).newValue().count());
    assertEquals(1, events.get(1).oldValue().count());
    assertEquals(2, events.get(1).newValue().count());
    assertEquals(7, events.get(2).newValue().count());
    assertEquals(7, events.get(3).oldValue().count());
    assertNull(events.get(3).newValue());
    events.forEach(e -> assertEquals("watched", e.scope()));

    Workers.awaitCondition(Workers.WAIT,
        () -> engine.triggers().stream().noneMatch(t -> t.id().equals(subscription.triggerId())));
  }

  @Test
  void cancellingTheSubscriptionCompletesTheSourceAndRemovesTheTrigger() {
    List<StateEvent<Counter>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Pair<ChangeSubscription, java.util.concurrent.CompletionStage<org.apache.pekko.Done>> run =
        state.changes("cancelled", "k").toMat(Sink.foreach(seen::add), Keep.both()).run(system);
    await(run.first().ready());
    await(state.set("cancelled", "k", new Counter("k", 1, Map.of(), List.of())));
    Workers.awaitCondition(Workers.WAIT, () -> seen.size() == 1);
    run.first().cancel();
    await(run.second());
    assertEquals("created", seen.get(0).kind());
    Workers.awaitCondition(Workers.WAIT,
        () -> engine.triggers().stream().noneMatch(t -> t.id().equals(run.first().triggerId())));
  }
}
