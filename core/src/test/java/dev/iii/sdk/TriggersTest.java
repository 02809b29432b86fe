package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.HookRecorder.HookConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.EngineTrigger;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Custom trigger types end to end through the test engine: a provider worker and a consumer worker, the provider's
 * handler firing the consumer's function, unregistration with the same config, the provider reconnecting (replay,
 * idempotent per id, triggers removed meanwhile retired), and a trigger registered before its type exists: dropped
 * by engine 0.11.6, parked and activated when the type appears by 0.23 (the mode of the run, see TestSupport).
 */
class TriggersTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private static InitOptions options(String name) {
    return InitOptions.newBuilder()
        .workerName(name)
        .otel(OtelConfig.newBuilder().enabled(false).build())
        .reconnection(ReconnectionConfig.newBuilder().initialDelay(Duration.ofMillis(20))
            .maxDelay(Duration.ofMillis(100)).build())
        .build();
  }

  /**
   * Waits until the engine has processed every registration {@code worker} sent so far: a marker function registered
   * after them on the same control lane, awaited on the engine side. (Not {@code awaitRegistrations()}: its barrier
   * travels on the calls lane, which can overtake the control lane — see the report.)
   */
  private static void registered(TestEngine engine, III worker) {
    String marker = "sync::" + UUID.randomUUID();
    worker.registerFunction(FunctionDef.json(marker, (in, ctx) -> null));
    engine.awaitFunction(marker);
  }

  private static EngineTrigger storedTrigger(TestEngine engine, String id) {
    return engine.triggers().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
  }

  @Test
  void providerSeesTheTriggerFiresTheConsumersFunctionAndSeesTheUnregistrationWithTheSameConfig() {
    HookRecorder recorder = new HookRecorder();
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    try (TestEngine engine = TestSupport.startEngine();
        III provider = III.registerWorker(engine.url(), options("provider"));
        III consumer = III.registerWorker(engine.url(), options("consumer"))) {
      provider.registerTriggerType(TriggerTypeDef.of("webhook", HookConfig.class), recorder);
      registered(engine, provider);
      consumer.registerFunction(FunctionDef.json("hooks::on_push", (in, ctx) -> {
        received.add(in);
        return Map.of("handled", in.path("path").asText());
      }));
      ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("team", "ci");
      TriggerRef trigger = consumer.registerTrigger(
          TriggerDef.of("webhook", "hooks::on_push", new HookConfig("/push")).withMetadata(metadata));
      registered(engine, consumer);

      // The SDK chose a UUID v4 id; the engine stored the trigger as sent (config always present).
      assertEquals(4, UUID.fromString(trigger.id()).version());
      // The engine stores it once forwarded to the provider (awaited, not assumed from the barrier).
      awaitCondition(WAIT, () -> storedTrigger(engine, trigger.id()) != null, "trigger stored");
      EngineTrigger stored = storedTrigger(engine, trigger.id());
      assertEquals("/push", stored.config().path("path").asText());
      assertEquals(metadata, stored.metadata());

      awaitCondition(WAIT, () -> recorder.registered.size() == 1, "provider handler saw the registration");
      TriggerConfig<HookConfig> seen = recorder.registered.get(0);
      assertEquals(new TriggerConfig<>(trigger.id(), "webhook", "hooks::on_push", new HookConfig("/push"), metadata),
          seen);

      // Firing = the provider calls the bound function like any caller.
      JsonNode answer = provider.call(seen.functionId(), Map.of("path", seen.config().path(), "body", "x"));
      assertEquals("/push", answer.path("handled").asText());
      assertEquals("x", received.get(0).path("body").asText());

      trigger.unregister();
      trigger.unregister(); // idempotent
      awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "provider handler saw the unregistration");
      assertEquals(seen, recorder.unregistered.get(0));
      registered(engine, consumer);
      assertNull(storedTrigger(engine, trigger.id()));
    }
  }

  @Test
  void typeRefRegistersTriggersAndFunctionsOfItsType() {
    HookRecorder recorder = new HookRecorder();
    try (TestEngine engine = TestSupport.startEngine();
        III worker = III.registerWorker(engine.url(), options("both"))) {
      TriggerTypeRef<HookConfig> type = worker.registerTriggerType(
          TriggerTypeDef.of("webhook", HookConfig.class).withDescription("hooks"), recorder);
      type.registerFunction(FunctionDef.json("hooks::self", (in, ctx) -> "ok"));
      TriggerRef trigger = type.registerTrigger("hooks::self", new HookConfig("/self"));
      registered(engine, worker);

      awaitCondition(WAIT, () -> recorder.registered.size() == 1, "own trigger delivered to own handler");
      assertEquals("hooks", engine.triggerTypes().stream().filter(t -> t.id().equals("webhook"))
          .findFirst().orElseThrow().description());
      awaitCondition(WAIT, () -> storedTrigger(engine, trigger.id()) != null, "trigger stored");
      assertEquals("webhook", storedTrigger(engine, trigger.id()).triggerType());
      assertEquals("ok", worker.call(recorder.registered.get(0).functionId(), null).asText());
    }
  }

  @Test
  void triggerRegisteredBeforeItsTypeExistsIsDroppedOnV0116AndParkedOnV023() {
    HookRecorder recorder = new HookRecorder();
    try (TestEngine engine = TestSupport.startEngine();
        III provider = III.registerWorker(engine.url(), options("provider"));
        III consumer = III.registerWorker(engine.url(), options("consumer"))) {
      TriggerRef early = consumer.registerTrigger(TriggerDef.of("late", "f::x", new HookConfig("/early")));
      registered(engine, consumer);
      if (TestSupport.isV023()) {
        // 0.23 parks a trigger whose type is not registered yet (PROTOCOL §10.3) ...
        assertNotNull(storedTrigger(engine, early.id()), "the 0.23 engine parks it");
      } else {
        // ... while 0.11.6 drops it (ENGINE §14.3 item 5).
        assertNull(storedTrigger(engine, early.id()), "the 0.11.6 engine does not keep it");
      }

      provider.registerTriggerType(TriggerTypeDef.of("late", HookConfig.class), recorder);
      registered(engine, provider);
      if (TestSupport.isV023()) {
        // 0.23: the parked trigger is activated as soon as its type appears, before anything else is registered.
        awaitCondition(WAIT, () -> recorder.registrationsOf(early.id()) == 1, "parked trigger delivered");
      }
      // A later trigger of the type arrives; on 0.11.6 the early one never does.
      TriggerRef later = consumer.registerTrigger(TriggerDef.of("late", "f::x", new HookConfig("/later")));
      registered(engine, consumer);

      awaitCondition(WAIT, () -> recorder.registrationsOf(later.id()) == 1, "later trigger delivered");
      registered(engine, provider);
      if (TestSupport.isV023()) {
        assertEquals(List.of(early.id(), later.id()), recorder.registered.stream().map(TriggerConfig::id).toList());
        assertEquals("/early", recorder.registered.get(0).config().path());
      } else {
        assertEquals(later.id(), recorder.registered.get(0).id());
        assertEquals(1, recorder.registered.size());
      }
    }
  }

  @Test
  void reconnectingProviderGetsTriggersReplayedIdempotentlyAndRetiresOnesRemovedMeanwhile() throws Exception {
    HookRecorder recorder = new HookRecorder();
    try (TestEngine engine = TestSupport.startEngine();
        TcpProxy proxy = new TcpProxy(engine.port());
        // Only the provider goes through the proxy, so only its connection is cut.
        III provider = III.registerWorker(proxy.url(), options("provider"));
        III consumer = III.registerWorker(engine.url(), options("consumer"))) {
      provider.registerTriggerType(TriggerTypeDef.of("webhook", HookConfig.class), recorder);
      registered(engine, provider);
      consumer.registerFunction(FunctionDef.json("hooks::on_push", (in, ctx) -> "fired " + in.path("n").asInt()));
      TriggerRef keep = consumer.registerTrigger(TriggerDef.of("webhook", "hooks::on_push", new HookConfig("/keep")));
      TriggerRef gone = consumer.registerTrigger(TriggerDef.of("webhook", "hooks::on_push", new HookConfig("/gone")));
      registered(engine, consumer);
      awaitCondition(WAIT, () -> recorder.registered.size() == 2, "both triggers delivered");
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      provider.addConnectionListener(events::add);

      proxy.refuse(true);
      proxy.cutAll();
      awaitCondition(WAIT, () -> provider.connectionState() != ConnectionState.CONNECTED, "provider disconnected");
      // The engine removed the provider's type; the consumer's triggers stay stored, dormant.
      awaitCondition(WAIT, () -> engine.triggerTypes().stream().noneMatch(t -> t.id().equals("webhook")),
          "type removed on disconnect");
      assertEquals(2, engine.triggers().size());
      // Removed while the provider is away: it is never told by the engine.
      gone.unregister();
      registered(engine, consumer);
      assertNull(storedTrigger(engine, gone.id()));

      proxy.refuse(false);
      awaitCondition(WAIT, () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.RE_REGISTERED),
          "provider re-registered");

      // The replay re-sent "keep" (same id): acknowledged without calling the handler again; "gone" was not re-sent
      // and is unregistered with the handler, with the config it was registered with.
      awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "stale trigger retired");
      TriggerConfig<HookConfig> retired = recorder.unregistered.get(0);
      assertEquals(gone.id(), retired.id());
      assertEquals("/gone", retired.config().path());
      assertEquals(1, recorder.registrationsOf(keep.id()));
      assertEquals(List.of(keep.id()), engine.triggers().stream().map(EngineTrigger::id).collect(Collectors.toList()));
      assertTrue(engine.triggerTypes().stream().anyMatch(t -> t.id().equals("webhook")), "type re-registered");

      // The provider still fires the kept trigger after the reconnect.
      assertEquals("fired 7", provider.call("hooks::on_push", Map.of("n", 7)).asText());
      assertFalse(recorder.unregistered.stream().anyMatch(t -> t.id().equals(keep.id())));
    }
  }

  @Test
  void consumerTriggersAreReplayedWithTheSameIdAfterTheConsumerReconnects() throws Exception {
    HookRecorder recorder = new HookRecorder();
    try (TestEngine engine = TestSupport.startEngine();
        TcpProxy proxy = new TcpProxy(engine.port());
        III provider = III.registerWorker(engine.url(), options("provider"));
        III consumer = III.registerWorker(proxy.url(), options("consumer"))) {
      provider.registerTriggerType(TriggerTypeDef.of("webhook", HookConfig.class), recorder);
      registered(engine, provider);
      TriggerRef trigger = consumer.registerTrigger(TriggerDef.of("webhook", "f::x", new HookConfig("/c")));
      registered(engine, consumer);
      awaitCondition(WAIT, () -> recorder.registered.size() == 1, "delivered");
      List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
      consumer.addConnectionListener(events::add);

      proxy.cutAll();
      // The engine removes a disconnected consumer's triggers and tells the provider.
      awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "provider told about the removal");
      awaitCondition(WAIT, () -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.RE_REGISTERED),
          "consumer re-registered");

      awaitCondition(WAIT, () -> storedTrigger(engine, trigger.id()) != null, "trigger stored again");
      awaitCondition(WAIT, () -> recorder.registered.size() == 2, "delivered again");
      assertEquals(trigger.id(), recorder.registered.get(1).id());
    }
  }
}
