package dev.iii.streams;

import static dev.iii.streams.Workers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/** {@link TriggerEvents}: a provider consumes the triggers other workers register for its type as a Source. */
class TriggerEventsTest {
  record Hook(String path) {}

  @Test
  void registrationsAndUnregistrationsOfTheTypeArriveInOrderAndTheTypeGoesWithTheStream() {
    ActorSystem<Void> system = Workers.system("trigger-events-test");
    try (TestEngine engine = TestEngine.start();
        III provider = Workers.worker(engine.url(), "provider");
        III consumer = Workers.worker(engine.url(), "consumer")) {
      Pair<TriggerTypeSubscription<Hook>, CompletionStage<List<TriggerEvent<Hook>>>> run =
          TriggerEvents.source(provider, TriggerTypeDef.of("webhook", Hook.class)).take(3)
              .toMat(Sink.seq(), Keep.both()).run(system);
      await(run.first().ready());
      Workers.awaitCondition(Workers.WAIT,
          () -> engine.triggerTypes().stream().anyMatch(t -> t.id().equals("webhook")));

      consumer.registerFunction(FunctionDef.json("hooks::a", (in, ctx) -> in));
      TriggerRef first = consumer.registerTrigger(TriggerDef.of("webhook", "hooks::a", new Hook("/a")));
      consumer.registerTrigger(TriggerDef.of("webhook", "hooks::a", new Hook("/b")));
      await(consumer.awaitRegistrations());
      first.unregister();

      List<TriggerEvent<Hook>> events = await(run.second());
      // The SDK runs different trigger ids concurrently, so only the order per trigger id is guaranteed.
      List<String> seen = events.stream().map(e -> e.kind() + " " + e.trigger().config().path()).toList();
      assertEquals(java.util.Set.of("REGISTERED /a", "REGISTERED /b", "UNREGISTERED /a"), java.util.Set.copyOf(seen));
      assertTrue(seen.indexOf("REGISTERED /a") < seen.indexOf("UNREGISTERED /a"), seen.toString());
      TriggerEvent<Hook> gone = events.get(seen.indexOf("UNREGISTERED /a"));
      assertEquals(first.id(), gone.trigger().id());
      assertEquals("hooks::a", gone.trigger().functionId());
    } finally {
      system.terminate();
    }
  }

  @Test
  void theTypeIsUnregisteredWhenTheStreamEnds() {
    ActorSystem<Void> system = Workers.system("trigger-events-end-test");
    try (TestEngine engine = TestEngine.start(); III provider = Workers.worker(engine.url(), "provider")) {
      Pair<TriggerTypeSubscription<Hook>, CompletionStage<List<TriggerEvent<Hook>>>> run =
          TriggerEvents.source(provider, TriggerTypeDef.of("ending", Hook.class))
              .toMat(Sink.seq(), Keep.both()).run(system);
      await(run.first().ready());
      assertEquals("ending", run.first().typeRef().id());
      run.first().cancel();
      assertEquals(List.of(), await(run.second()));
      // Registering the same id again only works once the ended source gave it up locally.
      Workers.awaitCondition(Workers.WAIT, () -> {
        try {
          provider.registerTriggerType(TriggerTypeDef.of("ending", Hook.class), t -> {}).unregister();
          return true;
        } catch (IllegalArgumentException stillProvided) {
          return false;
        }
      });
    } finally {
      system.terminate();
    }
  }
}
