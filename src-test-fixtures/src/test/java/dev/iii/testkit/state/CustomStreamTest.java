package dev.iii.testkit.state;

import static dev.iii.testkit.state.Calls.error;
import static dev.iii.testkit.state.Calls.json;
import static dev.iii.testkit.state.Calls.ok;
import static dev.iii.testkit.state.Calls.registerFunction;
import static dev.iii.testkit.state.Calls.registerTrigger;
import static dev.iii.testkit.state.Calls.serveOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A custom stream (PROTOCOL §7.3, ENGINE §7.3): one raw worker registers {@code stream::<op>(tasks)} like
 * {@code create_stream} does; another worker's {@code stream::*} calls for {@code tasks} are delegated to it, and
 * the engine still emits the change events.
 */
class CustomStreamTest {
  private static final String[] OPS = {"get", "set", "delete", "list", "list_groups"};
  private TestEngine engine;
  private RawWorker impl;
  private RawWorker client;

  @BeforeEach
  void start() throws Exception {
    engine = TestEngine.start();
    impl = RawWorker.connect(engine.url());
    client = RawWorker.connect(engine.url());
    for (String op : OPS) {
      registerFunction(impl, "stream::" + op + "(tasks)");
    }
    impl.barrier();
  }

  @AfterEach
  void stop() {
    client.close();
    impl.close();
    engine.close();
  }

  /** Sends the call from the client, lets the implementation answer, returns the client's result frame. */
  private JsonNode delegated(String op, String input, String answer, String expectedForwardedInput) {
    String id = client.call("stream::" + op, input);
    JsonNode forwarded = serveOnce(impl, "stream::" + op + "(tasks)", data -> answer);
    // The implementation gets the decoded input, without _caller_worker_id (an engine-made call).
    assertEquals(json(expectedForwardedInput), forwarded.get("data"));
    return client.awaitResult(id);
  }

  @Test
  void getSetListListGroupsAndDeleteAreDelegated() {
    String at = "\"stream_name\":\"tasks\",\"group_id\":\"todo\",\"item_id\":\"t1\"";
    JsonNode get = delegated("get", "{" + at + "}", "{\"title\":\"from impl\"}", "{" + at + "}");
    assertEquals(json("{\"title\":\"from impl\"}"), get.get("result"));

    JsonNode set = delegated("set", "{" + at + ",\"data\":{\"title\":\"new\"}}",
        "{\"old_value\":null,\"new_value\":{\"title\":\"new\",\"by\":\"impl\"}}",
        "{" + at + ",\"data\":{\"title\":\"new\"}}");
    assertEquals(json("{\"old_value\":null,\"new_value\":{\"title\":\"new\",\"by\":\"impl\"}}"), set.get("result"));

    JsonNode list = delegated("list", "{\"stream_name\":\"tasks\",\"group_id\":\"todo\"}", "[1,2,3]",
        "{\"stream_name\":\"tasks\",\"group_id\":\"todo\"}");
    assertEquals(json("[1,2,3]"), list.get("result"));

    JsonNode groups = delegated("list_groups", "{\"stream_name\":\"tasks\"}", "[\"todo\",\"done\"]",
        "{\"stream_name\":\"tasks\"}");
    assertEquals(json("[\"todo\",\"done\"]"), groups.get("result"));

    JsonNode del = delegated("delete", "{" + at + "}", "{\"old_value\":{\"title\":\"new\"}}", "{" + at + "}");
    assertEquals(json("{\"old_value\":{\"title\":\"new\"}}"), del.get("result"));

    // nothing reached the engine's own store
    assertEquals(json("{\"stream\":[],\"count\":0}"), ok(client, "stream::list_all", "{}"));
    // another stream name is not delegated
    assertEquals(json("[]"), ok(client, "stream::list", "{\"stream_name\":\"other\",\"group_id\":\"todo\"}"));
  }

  @Test
  void errorsAndBadResultsOfTheImplementation() {
    String at = "\"stream_name\":\"tasks\",\"group_id\":\"g\",\"item_id\":\"i\"";
    // set/delete need their result objects
    JsonNode noResult = delegated("set", "{" + at + ",\"data\":1}", null, "{" + at + ",\"data\":1}");
    assertEquals(json("{\"code\":\"STREAM_SET_ERROR\",\"message\":\"Function returned no result\"}"),
        noResult.get("error"));
    JsonNode missingNew = delegated("set", "{" + at + ",\"data\":1}", "{\"old_value\":null}", "{" + at + ",\"data\":1}");
    assertEquals("JSON_ERROR", missingNew.at("/error/code").asText());
    assertEquals("Failed to convert result to value: missing field `new_value`", missingNew.at("/error/message").asText());
    JsonNode delNoResult = delegated("delete", "{" + at + "}", null, "{" + at + "}");
    assertEquals("STREAM_DELETE_ERROR", delNoResult.at("/error/code").asText());
    JsonNode delScalar = delegated("delete", "{" + at + "}", "5", "{" + at + "}");
    assertEquals("JSON_ERROR", delScalar.at("/error/code").asText());
    // get answers the implementation's result (here: none) unchanged
    JsonNode getNone = delegated("get", "{" + at + "}", null, "{" + at + "}");
    assertFalse(getNone.has("result"), getNone::toString);
    assertFalse(getNone.has("error"), getNone::toString);
    // an error of the implementation is answered as it is
    String id = client.call("stream::list", "{\"stream_name\":\"tasks\",\"group_id\":\"g\"}");
    JsonNode call = impl.awaitFrame(f -> "stream::list(tasks)".equals(f.path("function_id").asText()));
    impl.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + call.get("invocation_id").asText()
        + "\",\"function_id\":\"stream::list(tasks)\",\"error\":{\"code\":\"BOOM\",\"message\":\"store down\"}}");
    assertEquals(json("{\"code\":\"BOOM\",\"message\":\"store down\"}"), client.awaitResult(id).get("error"));
  }

  @Test
  void changeEventsAreStillEmittedByTheEngine() throws Exception {
    try (RawWorker watcher = RawWorker.connect(engine.url())) {
      registerFunction(watcher, "w::tasks");
      registerTrigger(watcher, "t-tasks", "stream", "w::tasks", "{\"stream_name\":\"tasks\"}");
      watcher.barrier();
      String at = "\"stream_name\":\"tasks\",\"group_id\":\"todo\",\"item_id\":\"t9\"";
      delegated("set", "{" + at + ",\"data\":{\"v\":1}}", "{\"old_value\":{\"v\":0},\"new_value\":{\"v\":1}}",
          "{" + at + ",\"data\":{\"v\":1}}");
      delegated("delete", "{" + at + "}", "{\"old_value\":null}", "{" + at + "}"); // nothing existed: no event
      delegated("delete", "{" + at + "}", "{\"old_value\":{\"v\":1}}", "{" + at + "}");
      JsonNode update = serveOnce(watcher, "w::tasks", d -> null).get("data");
      assertEquals(json("{\"type\":\"update\",\"data\":{\"v\":1}}"), update.get("event"));
      assertEquals("tasks", update.get("streamName").asText());
      assertEquals("t9", update.get("id").asText());
      assertEquals(json("{\"type\":\"delete\",\"data\":{\"v\":1}}"), serveOnce(watcher, "w::tasks", d -> null)
          .at("/data/event"));
    }
  }

  @Test
  void updateIsNotDelegatedWithoutAnUpdateFunction() throws Exception {
    // create_stream registers no update function, so the engine's own store takes the update
    JsonNode r = ok(client, "stream::update", "{\"stream_name\":\"tasks\",\"group_id\":\"g\",\"item_id\":\"i\","
        + "\"ops\":[{\"type\":\"increment\",\"path\":\"n\",\"by\":1}]}");
    assertEquals(json("{\"old_value\":null,\"new_value\":{\"n\":1}}"), r);
    assertTrue(impl.unconsumed().stream().noneMatch(f -> "invokefunction".equals(f.path("type").asText())));
    // ... unless one is registered
    registerFunction(impl, "stream::update(tasks)");
    impl.barrier();
    CompletableFuture<JsonNode> result = CompletableFuture.supplyAsync(() -> client.awaitResult(
        client.call("stream::update", "{\"stream_name\":\"tasks\",\"group_id\":\"g\",\"item_id\":\"i\","
            + "\"ops\":[{\"type\":\"increment\",\"path\":\"n\",\"by\":1}]}")));
    JsonNode forwarded = serveOnce(impl, "stream::update(tasks)",
        d -> "{\"old_value\":{\"n\":1},\"new_value\":{\"n\":42},\"errors\":[]}");
    assertEquals(1, forwarded.at("/data/ops").size());
    assertEquals(json("{\"old_value\":{\"n\":1},\"new_value\":{\"n\":42}}"),
        result.get(10, TimeUnit.SECONDS).get("result"));
  }

  @Test
  void sendAndListAllNeverDelegate() {
    registerFunction(impl, "stream::send(tasks)");
    registerFunction(impl, "stream::list_all(tasks)");
    impl.barrier();
    JsonNode sent = client.callAndWait("stream::send", "{\"stream_name\":\"tasks\",\"group_id\":\"g\",\"type\":\"x\","
        + "\"data\":1}");
    assertTrue(sent.get("result").isNull(), sent::toString);
    ok(client, "stream::list_all", "{}");
    assertTrue(impl.unconsumed().stream().noneMatch(f -> "invokefunction".equals(f.path("type").asText())));
    error(client, "stream::get", "null", "deserialization_error"); // input checked before any delegation
  }
}
