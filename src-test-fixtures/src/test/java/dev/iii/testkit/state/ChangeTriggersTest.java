package dev.iii.testkit.state;

import static dev.iii.testkit.state.Calls.json;
import static dev.iii.testkit.state.Calls.ok;
import static dev.iii.testkit.state.Calls.registerFunction;
import static dev.iii.testkit.state.Calls.registerTrigger;
import static dev.iii.testkit.state.Calls.serveOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code state} and {@code stream} triggers (ENGINE §5.7, §5.8): engine-originated invocations with the exact
 * payloads, in order, filtered by the config. A fresh engine per test, so no trigger leaks into another test.
 */
class ChangeTriggersTest {
  private static final Instant NOW = Instant.ofEpochMilli(1767261600123L);
  private TestEngine engine;
  private RawWorker handler;
  private RawWorker caller;

  @BeforeEach
  void start() throws Exception {
    // A manual clock: stream event timestamps come from it, so they can be asserted exactly.
    engine = TestEngine.start(TestEngineOptions.newBuilder().clock(EngineClock.manual(NOW)).build());
    handler = RawWorker.connect(engine.url());
    caller = RawWorker.connect(engine.url());
  }

  @AfterEach
  void stop() {
    caller.close();
    handler.close();
    engine.close();
  }

  private JsonNode nextCall(String functionId) {
    return serveOnce(handler, functionId, data -> "{\"ok\":true}");
  }

  @Test
  void stateTriggerGetsCreatedUpdatedDeletedInOrder() {
    registerFunction(handler, "h::on_user");
    registerTrigger(handler, "t-users", "state", "h::on_user", "{\"scope\":\"users\"}");
    handler.barrier();
    ok(caller, "state::set", "{\"scope\":\"users\",\"key\":\"user-1\",\"value\":{\"name\":\"A\"}}");
    ok(caller, "state::set", "{\"scope\":\"other\",\"key\":\"user-1\",\"value\":1}"); // filtered out by scope
    ok(caller, "state::update", "{\"scope\":\"users\",\"key\":\"user-1\","
        + "\"ops\":[{\"type\":\"set\",\"path\":\"name\",\"value\":\"B\"}]}");
    ok(caller, "state::delete", "{\"scope\":\"users\",\"key\":\"user-1\"}");
    ok(caller, "state::delete", "{\"scope\":\"users\",\"key\":\"never\"}"); // fires even for a missing key

    JsonNode created = nextCall("h::on_user");
    assertFalse(created.get("data").has("_caller_worker_id"), created::toString); // engine-originated
    assertTrue(created.has("invocation_id"), created::toString);
    assertEquals(json("{\"type\":\"state\",\"event_type\":\"state:created\",\"scope\":\"users\",\"key\":\"user-1\","
        + "\"old_value\":null,\"new_value\":{\"name\":\"A\"}}"), created.get("data"));
    assertEquals(json("{\"type\":\"state\",\"event_type\":\"state:updated\",\"scope\":\"users\",\"key\":\"user-1\","
        + "\"old_value\":{\"name\":\"A\"},\"new_value\":{\"name\":\"B\"}}"), nextCall("h::on_user").get("data"));
    assertEquals(json("{\"type\":\"state\",\"event_type\":\"state:deleted\",\"scope\":\"users\",\"key\":\"user-1\","
        + "\"old_value\":{\"name\":\"B\"},\"new_value\":null}"), nextCall("h::on_user").get("data"));
    assertEquals(json("{\"type\":\"state\",\"event_type\":\"state:deleted\",\"scope\":\"users\",\"key\":\"never\","
        + "\"old_value\":null,\"new_value\":null}"), nextCall("h::on_user").get("data"));
    handler.barrier();
    assertNoMoreCalls();
  }

  @Test
  void eventsWaitForTheTriggersPreviousDelivery() {
    registerFunction(handler, "h::slow");
    registerTrigger(handler, "t-slow", "state", "h::slow", "{\"key\":\"counter\"}");
    handler.barrier();
    for (int i = 1; i <= 3; i++) {
      ok(caller, "state::set", "{\"scope\":\"s" + i + "\",\"key\":\"counter\",\"value\":" + i + "}");
    }
    // Only the first delivery is sent while it is unanswered: the chain is sequential.
    JsonNode first = handler.awaitFrame(f -> "invokefunction".equals(f.path("type").asText()));
    assertEquals(1, first.at("/data/new_value").asInt());
    caller.barrier();
    handler.barrier();
    assertNoMoreCalls();
    handler.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + first.get("invocation_id").asText()
        + "\",\"function_id\":\"h::slow\",\"result\":null}");
    assertEquals(2, nextCall("h::slow").at("/data/new_value").asInt());
    assertEquals(3, nextCall("h::slow").at("/data/new_value").asInt());
  }

  @Test
  void conditionFunctionSkipsOnlyOnLiteralFalse() {
    registerFunction(handler, "h::cond");
    registerFunction(handler, "h::act");
    registerTrigger(handler, "t-cond", "state", "h::act",
        "{\"scope\":\"c\",\"key\":\"k\",\"condition_function_id\":\"h::cond\"}");
    handler.barrier();
    ok(caller, "state::set", "{\"scope\":\"c\",\"key\":\"k\",\"value\":1}");
    JsonNode cond = serveOnce(handler, "h::cond", data -> "false");
    assertEquals(1, cond.at("/data/new_value").asInt()); // the condition gets the same payload
    ok(caller, "state::set", "{\"scope\":\"c\",\"key\":\"k\",\"value\":2}");
    serveOnce(handler, "h::cond", data -> "\"no\""); // anything but false means run
    assertEquals(2, nextCall("h::act").at("/data/new_value").asInt());
    ok(caller, "state::set", "{\"scope\":\"c\",\"key\":\"k\",\"value\":3}");
    serveOnce(handler, "h::cond", data -> null); // no result means run
    JsonNode third = nextCall("h::act");
    assertEquals(3, third.at("/data/new_value").asInt());
    handler.barrier();
    assertNoMoreCalls();
  }

  @Test
  void streamTriggerGetsCamelCaseEventsFilteredByGroupAndItem() {
    registerFunction(handler, "h::room");
    registerFunction(handler, "h::user");
    registerFunction(handler, "h::all");
    registerTrigger(handler, "t-room", "stream", "h::room", "{\"stream_name\":\"presence\",\"group_id\":\"room-1\"}");
    registerTrigger(handler, "t-user", "stream", "h::user",
        "{\"stream_name\":\"presence\",\"group_id\":\"\",\"item_id\":\"user-123\"}");
    registerTrigger(handler, "t-all", "stream", "h::all", "{\"stream_name\":\"presence\"}");
    handler.barrier();
    ok(caller, "stream::set", "{\"stream_name\":\"presence\",\"group_id\":\"room-1\",\"item_id\":\"user-123\","
        + "\"data\":{\"name\":\"Alice\",\"online\":true}}");
    ok(caller, "stream::set", "{\"stream_name\":\"elsewhere\",\"group_id\":\"room-1\",\"item_id\":\"user-123\","
        + "\"data\":1}");
    ok(caller, "stream::update", "{\"stream_name\":\"presence\",\"group_id\":\"room-2\",\"item_id\":\"user-123\","
        + "\"ops\":[{\"type\":\"set\",\"path\":\"online\",\"value\":false}]}");
    ok(caller, "stream::delete", "{\"stream_name\":\"presence\",\"group_id\":\"room-1\",\"item_id\":\"ghost\"}");
    ok(caller, "stream::delete", "{\"stream_name\":\"presence\",\"group_id\":\"room-1\",\"item_id\":\"user-123\"}");
    ok(caller, "stream::send", "{\"stream_name\":\"presence\",\"group_id\":\"room-1\",\"type\":\"typing\","
        + "\"data\":{\"who\":\"Alice\"}}");

    JsonNode created = nextCall("h::room").get("data");
    assertFalse(created.has("_caller_worker_id"));
    assertEquals(json("{\"type\":\"stream\",\"timestamp\":1767261600123,\"streamName\":\"presence\",\"groupId\":\"room-1\",\"id\":\"user-123\","
        + "\"event\":{\"type\":\"create\",\"data\":{\"name\":\"Alice\",\"online\":true}}}"), created);
    // delete of a missing item emits nothing; the existing one carries the deleted value
    assertEquals(json("{\"type\":\"delete\",\"data\":{\"name\":\"Alice\",\"online\":true}}"),
        nextCall("h::room").at("/data/event"));
    JsonNode sent = nextCall("h::room").get("data");
    assertEquals(json("{\"type\":\"event\",\"event\":{\"type\":\"typing\",\"data\":{\"who\":\"Alice\"}}}"),
        sent.get("event"));
    assertTrue(sent.get("id").isNull(), sent::toString);

    // item-filtered (empty group = any group): create in room-1, create in room-2, delete; not the send (id null)
    assertEquals("create", nextCall("h::user").at("/data/event/type").asText());
    JsonNode room2 = nextCall("h::user").get("data");
    assertEquals("room-2", room2.get("groupId").asText());
    assertEquals(json("{\"type\":\"create\",\"data\":{\"online\":false}}"), room2.get("event"));
    assertEquals("delete", nextCall("h::user").at("/data/event/type").asText());

    List<String> all = List.of(nextCall("h::all").at("/data/event/type").asText(),
        nextCall("h::all").at("/data/event/type").asText(), nextCall("h::all").at("/data/event/type").asText(),
        nextCall("h::all").at("/data/event/type").asText());
    assertEquals(List.of("create", "create", "delete", "event"), all);
    handler.barrier();
    assertNoMoreCalls();
  }

  @Test
  void badConfigsAreNotStoredAndUnregisterStopsFiring() throws Exception {
    registerFunction(handler, "h::x");
    registerTrigger(handler, "t-nostream", "stream", "h::x", "{\"group_id\":\"g\"}");
    registerTrigger(handler, "t-notobject", "state", "h::x", "[1]");
    registerTrigger(handler, "t-badscope", "state", "h::x", "{\"scope\":5}");
    registerTrigger(handler, "t-good", "state", "h::x", "{}");
    handler.barrier();
    assertEquals(List.of("t-good"), engine.triggers().stream().map(t -> t.id()).toList());
    handler.send("{\"type\":\"unregistertrigger\",\"id\":\"t-good\",\"trigger_type\":\"state\"}");
    handler.barrier();
    ok(caller, "state::set", "{\"scope\":\"any\",\"key\":\"k\",\"value\":1}");
    caller.barrier();
    handler.barrier();
    assertNoMoreCalls();
  }

  private void assertNoMoreCalls() {
    // Deliveries are asynchronous: give a wrongly queued one the chance to arrive before asserting its absence.
    AssertionError none = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () ->
        handler.awaitFrame(f -> "invokefunction".equals(f.path("type").asText()), Duration.ofMillis(300)));
    assertTrue(none.getMessage().startsWith("no matching frame"), none.getMessage());
  }
}
