package dev.iii.testkit.state;

import static dev.iii.testkit.state.Calls.error;
import static dev.iii.testkit.state.Calls.json;
import static dev.iii.testkit.state.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code state::*} shapes and quirks (ENGINE §7.2, PROTOCOL §7.5); every test uses its own scopes. */
@ExtendWith(TestEngineExtension.class)
class StateBuiltinsTest {

  @Test
  void setGetDeleteRoundTrip(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals(json("{\"old_value\":null,\"new_value\":{\"name\":\"A\"}}"),
          ok(w, "state::set", "{\"scope\":\"rt\",\"key\":\"u1\",\"value\":{\"name\":\"A\"}}"));
      // "data" is accepted as an alias of "value"
      assertEquals(json("{\"old_value\":{\"name\":\"A\"},\"new_value\":{\"name\":\"B\"}}"),
          ok(w, "state::set", "{\"scope\":\"rt\",\"key\":\"u1\",\"data\":{\"name\":\"B\"}}"));
      assertEquals(json("{\"name\":\"B\"}"), ok(w, "state::get", "{\"scope\":\"rt\",\"key\":\"u1\"}"));
      // delete answers the value itself, not wrapped
      assertEquals(json("{\"name\":\"B\"}"), ok(w, "state::delete", "{\"scope\":\"rt\",\"key\":\"u1\"}"));
    }
  }

  @Test
  void absentKeysAnswerWithoutAResultKey(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode get = w.callAndWait("state::get", "{\"scope\":\"none\",\"key\":\"k\"}");
      assertFalse(get.has("result"), get::toString);
      assertFalse(get.has("error"), get::toString);
      JsonNode del = w.callAndWait("state::delete", "{\"scope\":\"none\",\"key\":\"k\"}");
      assertFalse(del.has("result"), del::toString);
      assertFalse(del.has("error"), del::toString);
    }
  }

  @Test
  void listKeepsInsertionOrderAndListGroupsIsAnObjectOfSortedScopes(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      ok(w, "state::set", "{\"scope\":\"lg-b\",\"key\":\"z\",\"value\":1}");
      ok(w, "state::set", "{\"scope\":\"lg-b\",\"key\":\"a\",\"value\":2}");
      ok(w, "state::set", "{\"scope\":\"lg-a\",\"key\":\"x\",\"value\":\"only\"}");
      ok(w, "state::set", "{\"scope\":\"lg-b\",\"key\":\"z\",\"value\":3}"); // an overwrite keeps its place
      assertEquals(json("[3,2]"), ok(w, "state::list", "{\"scope\":\"lg-b\"}"));
      assertEquals(json("[]"), ok(w, "state::list", "{\"scope\":\"lg-missing\"}"));
      ok(w, "state::delete", "{\"scope\":\"lg-a\",\"key\":\"x\"}");
      JsonNode groups = ok(w, "state::list_groups", "{}");
      // an object {"groups":[...]}, sorted; a scope whose keys were all deleted stays listed
      assertEquals(json("[\"lg-a\",\"lg-b\"]"), filtered(groups.get("groups"), "lg-"));
      assertEquals(1, groups.size());
    }
  }

  @Test
  void badInputIsADeserializationError(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals("Failed to deserialize input for state::set: invalid type: null, expected struct StateSetInput",
          error(w, "state::set", "null", "deserialization_error"));
      assertEquals("Failed to deserialize input for state::get: missing field `key`",
          error(w, "state::get", "{\"scope\":\"s\"}", "deserialization_error"));
      assertEquals("Failed to deserialize input for state::set: missing field `value`",
          error(w, "state::set", "{\"scope\":\"s\",\"key\":\"k\"}", "deserialization_error"));
      error(w, "state::list_groups", "null", "deserialization_error");
      error(w, "state::list", "{\"scope\":5}", "deserialization_error");
      assertEquals("Failed to deserialize input for state::update: unknown variant `multiply`, expected one of "
              + "`set`, `merge`, `increment`, `decrement`, `append`, `remove`",
          error(w, "state::update", "{\"scope\":\"s\",\"key\":\"k\",\"ops\":[{\"type\":\"multiply\",\"path\":\"n\"}]}",
              "deserialization_error"));
      // a fractional `by` makes the whole input undecodable (PROTOCOL §7.2)
      assertEquals("Failed to deserialize input for state::update: invalid type: floating point `1.5`, expected i64",
          error(w, "state::update",
              "{\"scope\":\"s\",\"key\":\"k\",\"ops\":[{\"type\":\"increment\",\"path\":\"n\",\"by\":1.5}]}",
              "deserialization_error"));
      // nothing was stored by the failed update
      assertNull(ok(w, "state::get", "{\"scope\":\"s\",\"key\":\"k\"}"));
    }
  }

  @Test
  void updateCreatesTheKeyAndReportsOldAndNew(TestEngine engine) throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode created = ok(w, "state::update",
          "{\"scope\":\"up\",\"key\":\"c\",\"ops\":[{\"type\":\"increment\",\"path\":\"n\",\"by\":2}]}");
      assertEquals(json("{\"old_value\":null,\"new_value\":{\"n\":2}}"), created); // no "errors" key when none
      JsonNode updated = ok(w, "state::update",
          "{\"scope\":\"up\",\"key\":\"c\",\"ops\":[{\"type\":\"decrement\",\"path\":\"n\",\"by\":5}]}");
      assertEquals(json("{\"old_value\":{\"n\":2},\"new_value\":{\"n\":-3}}"), updated);
      assertEquals(json("{\"n\":-3}"), ok(w, "state::get", "{\"scope\":\"up\",\"key\":\"c\"}"));
    }
  }

  static JsonNode filtered(JsonNode array, String prefix) {
    com.fasterxml.jackson.databind.node.ArrayNode out = RawWorker.JSON.createArrayNode();
    array.forEach(n -> {
      if (n.asText().startsWith(prefix)) {
        out.add(n);
      }
    });
    return out;
  }
}
