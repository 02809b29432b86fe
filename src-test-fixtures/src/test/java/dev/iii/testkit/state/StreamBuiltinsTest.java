package dev.iii.testkit.state;

import static dev.iii.testkit.state.Calls.error;
import static dev.iii.testkit.state.Calls.json;
import static dev.iii.testkit.state.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code stream::*} shapes and quirks (ENGINE §7.3, PROTOCOL §7.1); every test uses its own stream names. */
@ExtendWith(TestEngineExtension.class)
class StreamBuiltinsTest {

  private static String item(String stream, String group, String item) {
    return "\"stream_name\":\"" + stream + "\",\"group_id\":\"" + group + "\",\"item_id\":\"" + item + "\"";
  }

  @Test
  void setGetDeleteRoundTrip(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals(json("{\"old_value\":null,\"new_value\":{\"online\":true}}"),
          ok(w, "stream::set", "{" + item("presence", "room-1", "u1") + ",\"data\":{\"online\":true}}"));
      assertEquals(json("{\"old_value\":{\"online\":true},\"new_value\":{\"online\":false}}"),
          ok(w, "stream::set", "{" + item("presence", "room-1", "u1") + ",\"data\":{\"online\":false}}"));
      assertEquals(json("{\"online\":false}"), ok(w, "stream::get", "{" + item("presence", "room-1", "u1") + "}"));
      // delete is wrapped, unlike state::delete; a missing item gives old_value null
      assertEquals(json("{\"old_value\":{\"online\":false}}"),
          ok(w, "stream::delete", "{" + item("presence", "room-1", "u1") + "}"));
      assertEquals(json("{\"old_value\":null}"), ok(w, "stream::delete", "{" + item("presence", "room-1", "u1") + "}"));
      JsonNode absent = w.callAndWait("stream::get", "{" + item("presence", "room-1", "u1") + "}");
      assertFalse(absent.has("result"), absent::toString);
      assertFalse(absent.has("error"), absent::toString);
    }
  }

  @Test
  void listsAndListAll(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      ok(w, "stream::set", "{" + item("la-s2", "g2", "b") + ",\"data\":2}");
      ok(w, "stream::set", "{" + item("la-s2", "g2", "a") + ",\"data\":1}");
      ok(w, "stream::set", "{" + item("la-s2", "g1", "x") + ",\"data\":\"x\"}");
      ok(w, "stream::set", "{" + item("la-s1", "g", "x") + ",\"data\":null}");
      assertEquals(json("[2,1]"), ok(w, "stream::list", "{\"stream_name\":\"la-s2\",\"group_id\":\"g2\"}"));
      assertEquals(json("[]"), ok(w, "stream::list", "{\"stream_name\":\"la-s2\",\"group_id\":\"none\"}"));
      // a bare array, not {"groups":[...]} as state::list_groups; order unspecified
      JsonNode groups = ok(w, "stream::list_groups", "{\"stream_name\":\"la-s2\"}");
      assertTrue(groups.isArray(), groups::toString);
      List<String> names = new ArrayList<>();
      groups.forEach(g -> names.add(g.asText()));
      names.sort(null);
      assertEquals(List.of("g1", "g2"), names);
      JsonNode all = ok(w, "stream::list_all", "{}");
      // other tests share this engine: keep only this test's streams (list_all is sorted by id)
      com.fasterxml.jackson.databind.node.ArrayNode mine = RawWorker.JSON.createArrayNode();
      all.get("stream").forEach(s -> {
        if (s.get("id").asText().startsWith("la-")) {
          mine.add(s);
        }
      });
      assertEquals(all.get("stream").size(), all.get("count").asInt());
      ((com.fasterxml.jackson.databind.node.ObjectNode) all).set("stream", mine);
      ((com.fasterxml.jackson.databind.node.ObjectNode) all).put("count", mine.size());
      assertEquals(json("{\"stream\":[{\"id\":\"la-s1\",\"groups\":[\"g\"]},{\"id\":\"la-s2\",\"groups\":[\"g1\",\"g2\"]}],"
          + "\"count\":2}"), all);
    }
  }

  @Test
  void sendAnswersAnExplicitNullAndStoresNothing(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode frame = w.callAndWait("stream::send",
          "{\"stream_name\":\"chat\",\"group_id\":\"r\",\"type\":\"typing\",\"data\":{\"who\":\"a\"}}");
      assertTrue(frame.has("result"), frame::toString);
      assertTrue(frame.get("result").isNull(), frame::toString);
      assertEquals(json("[]"), ok(w, "stream::list", "{\"stream_name\":\"chat\",\"group_id\":\"r\"}"));
    }
  }

  @Test
  void badInputIsADeserializationError(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals("Failed to deserialize input for stream::set: invalid type: null, expected struct StreamSetInput",
          error(w, "stream::set", "null", "deserialization_error"));
      assertEquals("Failed to deserialize input for stream::set: missing field `data`",
          error(w, "stream::set", "{" + item("s", "g", "i") + "}", "deserialization_error"));
      assertEquals("Failed to deserialize input for stream::get: missing field `item_id`",
          error(w, "stream::get", "{\"stream_name\":\"s\",\"group_id\":\"g\"}", "deserialization_error"));
      error(w, "stream::list_all", "null", "deserialization_error");
      error(w, "stream::list_groups", "{}", "deserialization_error");
      error(w, "stream::send", "{\"stream_name\":\"s\",\"group_id\":\"g\",\"data\":1}", "deserialization_error");
      error(w, "stream::update", "{" + item("s", "g", "i") + ",\"ops\":{}}", "deserialization_error");
    }
  }
}
