package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineTriggerType;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Trigger types and triggers: ENGINE §5.1–§5.3, §3.3 steps 4–5 and the §14.3 behaviours 5, 6 and 19. */
class TriggerBehaviourTest {
  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();

  private static TestEngine engine() {
    return ENGINE.engine();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void registerType(RawWorker provider, String type) {
    provider.send("{\"type\":\"registertriggertype\",\"id\":\"" + type + "\",\"description\":\"d\"}");
    provider.barrier();
  }

  private static void registerTrigger(RawWorker consumer, String id, String type) {
    consumer.send("{\"type\":\"registertrigger\",\"id\":\"" + id + "\",\"trigger_type\":\"" + type
        + "\",\"function_id\":\"c::f\",\"config\":{\"k\":1}}");
    consumer.barrier();
  }

  private static boolean stored(String triggerId) {
    return engine().triggers().stream().anyMatch(t -> t.id().equals(triggerId));
  }

  private static JsonNode awaitRegisterTrigger(RawWorker provider, String triggerId) {
    return provider.awaitFrame(f -> "registertrigger".equals(f.path("type").asText())
        && triggerId.equals(f.path("id").asText()));
  }

  @Test
  void registerTriggerForAnUnknownTypeIsDroppedNotQueued() throws Exception {
    String type = unique("later-");
    String trigger = unique("t-");
    try (RawWorker consumer = RawWorker.connect(engine().url()); RawWorker provider = RawWorker.connect(engine().url())) {
      registerTrigger(consumer, trigger, type);
      assertFalse(stored(trigger));
      registerType(provider, type);
      assertTrue(provider.unconsumed().isEmpty(), "nothing replayed: " + provider.unconsumed());
      assertFalse(stored(trigger));
    }
  }

  @Test
  void typeReRegistrationReplaysStoredTriggersToTheNewProvider() throws Exception {
    String type = unique("hook-");
    String trigger = unique("t-");
    try (RawWorker first = RawWorker.connect(engine().url()); RawWorker consumer = RawWorker.connect(engine().url());
        RawWorker second = RawWorker.connect(engine().url())) {
      registerType(first, type);
      registerTrigger(consumer, trigger, type);
      assertEquals(RawWorker.parse("{\"type\":\"registertrigger\",\"id\":\"" + trigger + "\",\"trigger_type\":\""
          + type + "\",\"function_id\":\"c::f\",\"config\":{\"k\":1}}"), awaitRegisterTrigger(first, trigger));
      registerType(second, type);
      awaitRegisterTrigger(second, trigger);
      assertEquals(second.workerId(), typeEntry(type).ownerWorkerId());
    }
  }

  @Test
  void disconnectingTypeOwnerLeavesOtherWorkersTriggersDormantUntilTheTypeReturns() throws Exception {
    String type = unique("dormant-");
    String trigger = unique("t-");
    try (RawWorker consumer = RawWorker.connect(engine().url())) {
      RawWorker provider = RawWorker.connect(engine().url());
      registerType(provider, type);
      registerTrigger(consumer, trigger, type);
      awaitRegisterTrigger(provider, trigger);
      provider.close();
      Await.condition(Duration.ofSeconds(10), () -> typeEntry(type) == null, () -> "type removed with its provider");
      assertTrue(stored(trigger), "the consumer's trigger stays stored");
      try (RawWorker next = RawWorker.connect(engine().url())) {
        registerType(next, type);
        awaitRegisterTrigger(next, trigger);
      }
    }
  }

  @Test
  void consumerDisconnectRemovesItsTriggersAndTellsTheProvider() throws Exception {
    String type = unique("gone-");
    String trigger = unique("t-");
    try (RawWorker provider = RawWorker.connect(engine().url())) {
      registerType(provider, type);
      RawWorker consumer = RawWorker.connect(engine().url());
      registerTrigger(consumer, trigger, type);
      awaitRegisterTrigger(provider, trigger);
      consumer.abort();
      assertEquals(RawWorker.parse("{\"type\":\"unregistertrigger\",\"id\":\"" + trigger + "\",\"trigger_type\":\""
          + type + "\"}"), provider.awaitType("unregistertrigger"));
      Await.condition(Duration.ofSeconds(10), () -> !stored(trigger));
    }
  }

  @Test
  void anyWorkerMayUnregisterAnyTriggerAndUnknownIdsAreIgnored() throws Exception {
    String trigger = unique("t-");
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker other = RawWorker.connect(engine().url())) {
      // engine::workers-available takes any config, so the trigger is stored whatever the modules check.
      registerTrigger(owner, trigger, "engine::workers-available");
      assertTrue(stored(trigger));
      other.send("{\"type\":\"unregistertrigger\",\"id\":\"no-such-trigger\"}");
      other.send("{\"type\":\"unregistertrigger\",\"id\":\"" + trigger + "\",\"trigger_type\":\"ignored\"}");
      other.barrier();
      assertFalse(stored(trigger));
      assertTrue(other.unconsumed().isEmpty());
    }
  }

  @Test
  void triggerRegistrationResultIsIgnoredAndTheTriggerStaysRegistered() throws Exception {
    String type = unique("reject-");
    String trigger = unique("t-");
    try (RawWorker provider = RawWorker.connect(engine().url()); RawWorker consumer = RawWorker.connect(engine().url())) {
      registerType(provider, type);
      registerTrigger(consumer, trigger, type);
      awaitRegisterTrigger(provider, trigger);
      provider.send("{\"type\":\"triggerregistrationresult\",\"id\":\"" + trigger + "\",\"trigger_type\":\"" + type
          + "\",\"function_id\":\"c::f\",\"error\":{\"code\":\"bad\",\"message\":\"no\"}}");
      provider.barrier();
      assertTrue(stored(trigger));
      assertTrue(consumer.unconsumed().isEmpty());
    }
  }

  @Test
  void unregisteringAFunctionLeavesItsTriggers() throws Exception {
    String trigger = unique("t-");
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"c::f\"}");
      // A valid expression far in the future: the cron module refuses triggers without one (ENGINE §5.6).
      w.send("{\"type\":\"registertrigger\",\"id\":\"" + trigger
          + "\",\"trigger_type\":\"cron\",\"function_id\":\"c::f\",\"config\":{\"expression\":\"0 0 0 1 1 * 2099\"}}");
      w.send("{\"type\":\"unregisterfunction\",\"id\":\"c::f\"}");
      w.barrier();
      assertTrue(stored(trigger));
    }
  }

  @Test
  void aWorkerMayTakeOverABuiltinTriggerType() throws Exception {
    try (TestEngine own = TestEngine.start(); RawWorker consumer = RawWorker.connect(own.url())) {
      RawWorker provider = RawWorker.connect(own.url());
      provider.send("{\"type\":\"registertriggertype\",\"id\":\"http\",\"description\":\"mine\"}");
      provider.barrier();
      consumer.send("{\"type\":\"registertrigger\",\"id\":\"h1\",\"trigger_type\":\"http\",\"function_id\":\"a::b\","
          + "\"config\":{\"api_path\":\"/x\"}}");
      awaitRegisterTrigger(provider, "h1");
      provider.close();
      Await.condition(Duration.ofSeconds(10), () -> own.triggerTypes().stream().noneMatch(t -> t.id().equals("http")),
          () -> "http gone until the engine restarts");
    }
  }

  @Test
  void listingsShowTypesAndTriggersAndHideEngineInternalsUnlessAsked() throws Exception {
    try (TestEngine own = TestEngine.start(); RawWorker w = RawWorker.connect(own.url())) {
      w.send("{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"Incoming webhook\","
          + "\"trigger_request_format\":{\"type\":\"object\"}}");
      w.send("{\"type\":\"registertrigger\",\"id\":\"t1\",\"trigger_type\":\"webhook\",\"function_id\":\"hooks::a\","
          + "\"config\":null,\"metadata\":{\"m\":1}}");
      w.send("{\"type\":\"registertrigger\",\"id\":\"t2\",\"trigger_type\":\"engine::workers-available\","
          + "\"function_id\":\"engine::log::info\",\"config\":{}}");
      w.barrier();
      awaitRegisterTrigger(w, "t1");
      JsonNode triggers = w.callAndWait("engine::triggers::list", "{}").at("/result/triggers");
      assertEquals(1, triggers.size(), triggers.toString());
      assertEquals(RawWorker.parse("{\"id\":\"t1\",\"trigger_type\":\"webhook\",\"function_id\":\"hooks::a\","
          + "\"config\":null,\"metadata\":{\"m\":1}}"), triggers.get(0));
      assertEquals(2, w.callAndWait("engine::triggers::list", "{\"include_internal\":true}").at("/result/triggers").size());

      List<String> types = ids(w.callAndWait("engine::trigger-types::list", "{}").at("/result/trigger_types"));
      assertTrue(types.containsAll(List.of("webhook", "http", "cron", "durable:subscriber", "subscribe", "state",
          "stream", "stream:join", "stream:leave", "log")), types.toString());
      assertFalse(types.contains("engine::workers-available"));
      assertTrue(ids(w.callAndWait("engine::trigger-types::list", "{\"include_internal\":true}")
          .at("/result/trigger_types")).contains("engine::workers-available"));
      for (JsonNode t : w.callAndWait("engine::trigger-types::list", "{}").at("/result/trigger_types")) {
        if (t.get("id").asText().equals("webhook")) {
          assertEquals(RawWorker.parse("{\"id\":\"webhook\",\"description\":\"Incoming webhook\","
              + "\"trigger_request_format\":{\"type\":\"object\"}}"), t);
        }
      }
      EngineTriggerType http = own.triggerTypes().stream().filter(t -> t.id().equals("http")).findFirst().get();
      assertNull(http.ownerWorkerId());
    }
  }

  @Test
  void functionsAvailableFiresWhenTheSetOfFunctionIdsChanges() throws Exception {
    try (TestEngine own = TestEngine.start(); RawWorker watcher = RawWorker.connect(own.url());
        RawWorker other = RawWorker.connect(own.url())) {
      watcher.send("{\"type\":\"registerfunction\",\"id\":\"watch::fns\"}");
      watcher.send("{\"type\":\"registertrigger\",\"id\":\"fa\",\"trigger_type\":\"engine::functions-available\","
          + "\"function_id\":\"watch::fns\",\"config\":{}}");
      watcher.barrier();
      other.send("{\"type\":\"registerfunction\",\"id\":\"new::fn\",\"description\":\"n\"}");
      JsonNode event = watcher.awaitType("invokefunction").get("data");
      assertEquals("functions_changed", event.get("event").asText());
      assertFalse(event.has("_caller_worker_id"));
      List<String> listed = new ArrayList<>();
      event.get("functions").forEach(f -> listed.add(f.get("function_id").asText()));
      assertTrue(listed.containsAll(List.of("new::fn", "watch::fns", "engine::functions::list")), listed.toString());
      other.send("{\"type\":\"registerfunction\",\"id\":\"new::fn\",\"description\":\"changed\"}");
      other.barrier();
      watcher.barrier();
      assertTrue(watcher.unconsumed().isEmpty(), "a description change alone does not fire");
      other.send("{\"type\":\"unregisterfunction\",\"id\":\"new::fn\"}");
      JsonNode removed = watcher.awaitType("invokefunction").get("data");
      List<String> after = new ArrayList<>();
      removed.get("functions").forEach(f -> after.add(f.get("function_id").asText()));
      assertFalse(after.contains("new::fn"));
    }
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  private static EngineTriggerType typeEntry(String id) {
    return engine().triggerTypes().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
  }
}
