package dev.iii.testkit.state;

import static dev.iii.testkit.state.Calls.json;
import static dev.iii.testkit.state.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every update op and its per-op errors (ENGINE §7.2, PROTOCOL §7.2), through {@code state::update}. */
@ExtendWith(TestEngineExtension.class)
class UpdateOpsTest {
  private static final AtomicInteger KEYS = new AtomicInteger();
  private RawWorker w;

  @BeforeEach
  void connect(TestEngine engine) throws Exception {
    w = RawWorker.connect(engine.url());
  }

  @AfterEach
  void close() {
    w.close();
  }

  /** A fresh key, optionally with a starting value; returns its name. */
  private String key(String initialJson) {
    String key = "k" + KEYS.incrementAndGet();
    if (initialJson != null) {
      ok(w, "state::set", "{\"scope\":\"ops\",\"key\":\"" + key + "\",\"value\":" + initialJson + "}");
    }
    return key;
  }

  private JsonNode update(String key, String opsJson) {
    return ok(w, "state::update", "{\"scope\":\"ops\",\"key\":\"" + key + "\",\"ops\":" + opsJson + "}");
  }

  private static List<String> codes(JsonNode result) {
    List<String> codes = new ArrayList<>();
    result.path("errors").forEach(e -> codes.add(e.get("op_index").asInt() + ":" + e.get("code").asText()));
    return codes;
  }

  @Test
  void setReplacesOneLiteralKeyOrTheWholeValue() {
    String k = key("{\"a\":1}");
    assertEquals(json("{\"a\":1,\"b.c\":2}"), update(k, "[{\"type\":\"set\",\"path\":\"b.c\",\"value\":2}]")
        .get("new_value")); // a dot is part of the key
    assertEquals(json("[1,2]"), update(k, "[{\"type\":\"set\",\"path\":\"\",\"value\":[1,2]}]").get("new_value"));
    JsonNode r = update(k, "[{\"type\":\"set\",\"path\":\"x\",\"value\":1}]");
    assertEquals(List.of("0:set.target_not_object"), codes(r));
    assertEquals(json("[1,2]"), r.get("new_value"));
    assertEquals(json("null"), update(k, "[{\"type\":\"set\",\"path\":\"\"}]").get("new_value")); // value missing
  }

  @Test
  void mergeShallowMergesAtRootOrNestedPath() {
    String k = key("{\"a\":{\"x\":1},\"n\":5}");
    assertEquals(json("{\"a\":{\"y\":2},\"n\":5,\"m\":true}"),
        update(k, "[{\"type\":\"merge\",\"value\":{\"a\":{\"y\":2},\"m\":true}}]").get("new_value"));
    assertEquals(json("{\"a\":{\"y\":2,\"z\":3},\"n\":5,\"m\":true}"),
        update(k, "[{\"type\":\"merge\",\"path\":\"a\",\"value\":{\"z\":3}}]").get("new_value"));
    // array path walks and creates objects, replacing non-object intermediates
    assertEquals(json("{\"a\":{\"y\":2,\"z\":3},\"n\":{\"deep\":{\"q\":1}},\"m\":true}"),
        update(k, "[{\"type\":\"merge\",\"path\":[\"n\",\"deep\"],\"value\":{\"q\":1}}]").get("new_value"));
    // root merge into a non-object is silently skipped: no error
    String scalar = key("7");
    JsonNode r = update(scalar, "[{\"type\":\"merge\",\"path\":[],\"value\":{\"a\":1}}]");
    assertEquals(json("7"), r.get("new_value"));
    assertFalse(r.has("errors"), r::toString);
  }

  @Test
  void mergeValidationErrors() {
    String k = key("{}");
    StringBuilder tooManyKeys = new StringBuilder("{");
    for (int i = 0; i <= 1024; i++) {
      tooManyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
    }
    tooManyKeys.append('}');
    String tooDeep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
    StringBuilder longPath = new StringBuilder("[");
    for (int i = 0; i < 33; i++) {
      longPath.append(i == 0 ? "" : ",").append("\"p\"");
    }
    longPath.append(']');
    String longSegment = "s".repeat(257);
    JsonNode r = update(k, "["
        + "{\"type\":\"merge\",\"value\":5},"
        + "{\"type\":\"merge\",\"value\":" + tooManyKeys + "},"
        + "{\"type\":\"merge\",\"value\":" + tooDeep + "},"
        + "{\"type\":\"merge\",\"value\":{\"__proto__\":{}}},"
        + "{\"type\":\"merge\",\"path\":" + longPath + ",\"value\":{}},"
        + "{\"type\":\"merge\",\"path\":\"" + longSegment + "\",\"value\":{}},"
        + "{\"type\":\"merge\",\"path\":[\"a\",\"\"],\"value\":{}},"
        + "{\"type\":\"merge\",\"path\":[\"constructor\"],\"value\":{}},"
        + "{\"type\":\"merge\",\"value\":{\"ok\":1}}]");
    assertEquals(List.of("0:merge.value.not_an_object", "1:merge.value.too_many_keys", "2:merge.value.too_deep",
        "3:merge.value.proto_polluted", "4:merge.path.too_deep", "5:merge.path.segment_too_long",
        "6:merge.path.empty_segment", "7:merge.path.proto_polluted"), codes(r));
    assertEquals(json("{\"ok\":1}"), r.get("new_value")); // later ops still apply
    JsonNode first = r.get("errors").get(0);
    assertEquals("https://iii.dev/docs/workers/iii-state#error-codes", first.get("doc_url").asText());
    assertFalse(first.get("message").asText().isEmpty());
    // a nesting of exactly 16 is allowed
    String sixteen = "{\"a\":".repeat(15) + "1" + "}".repeat(15);
    assertFalse(update(key("{}"), "[{\"type\":\"merge\",\"value\":" + sixteen + "}]").has("errors"));
  }

  @Test
  void incrementAndDecrement() {
    String k = key("{\"i\":1,\"f\":1.5,\"s\":\"x\"}");
    JsonNode r = update(k, "[{\"type\":\"increment\",\"path\":\"i\",\"by\":2},"
        + "{\"type\":\"increment\",\"path\":\"f\",\"by\":1},"
        + "{\"type\":\"decrement\",\"path\":\"new\",\"by\":4},"
        + "{\"type\":\"increment\",\"path\":\"s\",\"by\":1},"
        + "{\"type\":\"decrement\",\"path\":\"s\",\"by\":1}]");
    assertEquals(json("{\"i\":3,\"f\":2.5,\"s\":\"x\",\"new\":-4}"), r.get("new_value"));
    assertEquals(List.of("3:increment.not_number", "4:decrement.not_number"), codes(r));
    // the root of a missing key becomes the number itself
    assertEquals(json("5"), update(key(null), "[{\"type\":\"increment\",\"path\":\"\",\"by\":5}]").get("new_value"));
    String list = key("[1]");
    assertEquals(List.of("0:increment.target_not_object", "1:decrement.target_not_object"),
        codes(update(list, "[{\"type\":\"increment\",\"path\":\"n\",\"by\":1},"
            + "{\"type\":\"decrement\",\"path\":\"n\",\"by\":1}]")));
  }

  @Test
  void append() {
    String k = key("{\"xs\":[1],\"s\":\"ab\",\"n\":3}");
    JsonNode r = update(k, "[{\"type\":\"append\",\"path\":\"xs\",\"value\":{\"sku\":\"A\"}},"
        + "{\"type\":\"append\",\"path\":\"s\",\"value\":\"cd\"},"
        + "{\"type\":\"append\",\"path\":\"s\",\"value\":1},"
        + "{\"type\":\"append\",\"path\":\"n\",\"value\":1},"
        + "{\"type\":\"append\",\"path\":\"fresh\",\"value\":[9]},"
        + "{\"type\":\"append\",\"path\":\"str\",\"value\":\"z\"}]");
    assertEquals(json("{\"xs\":[1,{\"sku\":\"A\"}],\"s\":\"abcd\",\"n\":3,\"fresh\":[[9]],\"str\":\"z\"}"),
        r.get("new_value"));
    assertEquals(List.of("2:append.type_mismatch", "3:append.type_mismatch"), codes(r));
    assertEquals(List.of("0:append.target_not_object"),
        codes(update(key("\"text\""), "[{\"type\":\"append\",\"path\":\"xs\",\"value\":1}]")));
  }

  @Test
  void remove() {
    String k = key("{\"a\":1,\"b\":2}");
    assertEquals(json("{\"b\":2}"), update(k, "[{\"type\":\"remove\",\"path\":\"a\"},"
        + "{\"type\":\"remove\",\"path\":\"missing\"}]").get("new_value"));
    assertEquals(json("null"), update(k, "[{\"type\":\"remove\",\"path\":\"\"}]").get("new_value"));
    assertEquals(List.of("0:remove.target_not_object"),
        codes(update(k, "[{\"type\":\"remove\",\"path\":\"a\"}]")));
  }

  @Test
  void pathChecksOfSingleKeyOps() {
    String k = key("{}");
    String longKey = "é".repeat(129); // 258 bytes in UTF-8
    JsonNode r = update(k, "[{\"type\":\"set\",\"path\":\"__proto__\",\"value\":1},"
        + "{\"type\":\"increment\",\"path\":\"prototype\",\"by\":1},"
        + "{\"type\":\"append\",\"path\":\"" + longKey + "\",\"value\":1},"
        + "{\"type\":\"remove\",\"path\":\"constructor\"}]");
    assertEquals(List.of("0:set.path.proto_polluted", "1:increment.path.proto_polluted",
        "2:append.path.segment_too_long", "3:remove.path.proto_polluted"), codes(r));
  }

  @Test
  void streamUpdateSharesTheOps() {
    JsonNode r = ok(w, "stream::update", "{\"stream_name\":\"carts\",\"group_id\":\"user-7\",\"item_id\":\"cart\","
        + "\"ops\":[{\"type\":\"increment\",\"path\":\"count\",\"by\":1},"
        + "{\"type\":\"append\",\"path\":\"items\",\"value\":{\"sku\":\"A-1\"}},"
        + "{\"type\":\"merge\",\"path\":[\"meta\",\"last\"],\"value\":{\"at\":1712345678}},"
        + "{\"type\":\"set\",\"path\":\"prototype\",\"value\":0}]}");
    assertEquals(json("{\"count\":1,\"items\":[{\"sku\":\"A-1\"}],\"meta\":{\"last\":{\"at\":1712345678}}}"),
        r.get("new_value"));
    assertEquals(json("null"), r.get("old_value"));
    assertEquals(List.of("3:set.path.proto_polluted"), codes(r));
  }
}
