package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import dev.iii.testkit.support.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code builtins/} vectors: each synchronous request is answered as its {@code handler_input_accepted} /
 * {@code handler_input_reason} says, and the responses have the vectors' shapes. A fresh engine per test, so the
 * listings contain exactly what the test registered.
 */
class BuiltinVectorsTest {
  private TestEngine engine;

  @BeforeEach
  void start() {
    engine = TestEngine.start();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private static ObjectNode frame(String file) {
    return (ObjectNode) Vectors.load(file).get("frame").deepCopy();
  }

  @TestFactory
  Stream<DynamicTest> everySynchronousBuiltinRequestIsAcceptedOrRejectedAsTheEngineDoes() {
    return Vectors.list("builtins", "w2e-").stream()
        .filter(f -> Vectors.load(f).get("frame").has("invocation_id")) // void calls get no answer to check
        .map(f -> DynamicTest.dynamicTest(f, () -> {
          try (TestEngine own = TestEngine.start(); RawWorker w = RawWorker.connect(own.url())) {
            JsonNode vector = Vectors.load(f);
            JsonNode sent = vector.get("frame");
            w.send(sent);
            JsonNode r = w.awaitResult(sent.get("invocation_id").asText());
            if (vector.get("handler_input_accepted").asBoolean()) {
              assertFalse(r.has("error"), f + ": " + r);
              assertTrue(r.has("result"), f + ": " + r);
            } else {
              ObjectNode err = RawWorker.parse("{}");
              err.put("code", "deserialization_error");
              err.put("message", vector.get("handler_input_reason").asText());
              assertEquals(err, r.get("error"), f);
            }
          }
        }));
  }

  @Test
  void errorAnswersEqualTheVectors() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      for (String[] pair : new String[][] {
          {"w2e-engine-channels-create-request-null-data.json", "e2w-engine-channels-create-null-data-error.json"},
          {"w2e-engine-channels-create-request-negative.json", "e2w-engine-channels-create-negative-buffer-error.json"},
          {"w2e-engine-functions-list-request-null-data.json", "e2w-engine-functions-list-null-data-error.json"}}) {
        JsonNode request = frame("builtins/" + pair[0]);
        w.send(request);
        assertEquals(frame("builtins/" + pair[1]), w.awaitResult(request.get("invocation_id").asText()), pair[1]);
      }
    }
  }

  @Test
  void channelsCreateAnswersTwoRefsWithOneIdAndKey() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode request = frame("builtins/w2e-engine-channels-create-request.json");
      w.send(request);
      JsonNode got = w.awaitResult(request.get("invocation_id").asText());
      ObjectNode exp = frame("builtins/e2w-engine-channels-create-response.json");
      String id = got.at("/result/reader/channel_id").asText();
      String key = got.at("/result/reader/access_key").asText();
      for (String end : List.of("reader", "writer")) {
        ((ObjectNode) exp.get("result").get(end)).put("channel_id", id).put("access_key", key);
      }
      assertEquals(exp, got);
    }
  }

  @Test
  void workersRegisterAnswersSuccessWhenCalledSynchronously() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode request = frame("builtins/w2e-engine-workers-register-request-sync.json");
      w.send(request);
      assertEquals(frame("builtins/e2w-engine-workers-register-response.json"),
          w.awaitResult(request.get("invocation_id").asText()));
      assertEquals("java", engine.workers().get(0).runtime());
    }
  }

  @Test
  void functionsListHasTheVectorsShape() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"orders::create\",\"description\":\"Create an order\","
          + "\"request_format\":{\"properties\":{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"],\"type\":\"object\"},"
          + "\"metadata\":{\"team\":\"checkout\"}}");
      w.send("{\"type\":\"registerfunction\",\"id\":\"orders::get\"}");
      JsonNode request = frame("builtins/w2e-engine-functions-list-request.json");
      w.send(request);
      JsonNode got = w.awaitResult(request.get("invocation_id").asText());
      // The vector was taken from an engine without modules; this one also lists its simulated modules'
      // functions (state::*, stream::*, publish, iii::queue::*), as the real engine does (only engine::* is
      // hidden). Compare the worker-registered entries only.
      ArrayNode functions = (ArrayNode) got.at("/result/functions");
      for (int i = functions.size() - 1; i >= 0; i--) {
        if (!functions.get(i).get("function_id").asText().startsWith("orders::")) {
          functions.remove(i);
        }
      }
      sortBy(functions, "function_id");
      assertEquals(frame("builtins/e2w-engine-functions-list-response.json"), got);
    }
  }

  @Test
  void functionsListIncludesEngineFunctionsOnlyWhenAskedTo() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode plain = w.callAndWait("engine::functions::list", "{}");
      List<String> plainIds = new ArrayList<>();
      plain.at("/result/functions").forEach(f -> plainIds.add(f.get("function_id").asText()));
      assertTrue(plainIds.stream().noneMatch(id -> id.startsWith("engine::")), plainIds.toString());
      JsonNode all = w.callAndWait("engine::functions::list", "{\"include_internal\":true}");
      List<String> ids = new ArrayList<>();
      all.at("/result/functions").forEach(f -> ids.add(f.get("function_id").asText()));
      assertTrue(ids.containsAll(List.of("engine::workers::register", "engine::workers::list",
          "engine::functions::list", "engine::triggers::list", "engine::trigger-types::list",
          "engine::channels::create", "engine::log::info", "engine::baggage::get")), ids.toString());
    }
  }

  @Test
  void workersListHasTheVectorsShape() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"orders::create\"}");
      w.send(frame("builtins/w2e-engine-workers-register-request.json"));
      JsonNode request = frame("builtins/w2e-engine-workers-list-request.json");
      w.send(request);
      JsonNode got = w.awaitResult(request.get("invocation_id").asText());
      ObjectNode exp = frame("builtins/e2w-engine-workers-list-response.json");
      ObjectNode expResult = (ObjectNode) exp.get("result");
      expResult.put("timestamp", got.at("/result/timestamp").asLong());
      ObjectNode sdkWorker = (ObjectNode) expResult.get("workers").get(0);
      sdkWorker.put("id", w.workerId());
      sdkWorker.put("connected_at_ms", got.at("/result/workers/0/connected_at_ms").asLong());
      sdkWorker.putNull("latest_metrics"); // SDK metrics are not simulated (ENGINE §14.2)
      ((ObjectNode) expResult.get("workers").get(1)).put("connected_at_ms",
          got.at("/result/workers/1/connected_at_ms").asLong());
      assertEquals(exp, got);
    }
  }

  @Test
  void workersListWithAnUnknownIdIsEmpty() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode request = frame("builtins/w2e-engine-workers-list-request-by-id.json");
      w.send(request);
      JsonNode got = w.awaitResult(request.get("invocation_id").asText());
      ObjectNode exp = frame("builtins/e2w-engine-workers-list-response-no-match.json");
      ((ObjectNode) exp.get("result")).put("timestamp", got.at("/result/timestamp").asLong());
      assertEquals(exp, got);
    }
  }

  @Test
  void workersListHidesWorkersWithoutPidButShowsThemById() throws Exception {
    try (RawWorker quiet = RawWorker.connect(engine.url()); RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode listed = w.callAndWait("engine::workers::list", "{}");
      for (JsonNode info : listed.at("/result/workers")) {
        assertFalse(info.get("id").asText().equals(quiet.workerId()), "hidden without pid: " + info);
      }
      JsonNode byId = w.callAndWait("engine::workers::list", "{\"worker_id\":\"" + quiet.workerId() + "\"}");
      assertEquals(1, byId.at("/result/workers").size());
      assertEquals(quiet.workerId(), byId.at("/result/workers/0/id").asText());
      assertFalse(byId.at("/result/workers/0").has("pid"));
      quiet.send("{\"type\":\"invokefunction\",\"function_id\":\"engine::workers::register\",\"data\":{\"pid\":7},"
          + "\"action\":{\"type\":\"void\"}}");
      quiet.barrier();
      boolean shown = false;
      for (JsonNode info : w.callAndWait("engine::workers::list", "{}").at("/result/workers")) {
        shown |= info.get("id").asText().equals(quiet.workerId()) && info.get("pid").asInt() == 7;
      }
      assertTrue(shown);
      assertEquals(7L, engine.workers().stream().filter(x -> x.id().equals(quiet.workerId())).findFirst().get().pid());
    }
  }

  @Test
  void workersRegisterWithoutCallerIdIsADeserializationError() throws Exception {
    // Reachable only through engine-internal calls on the real engine; a worker payload always gets the id.
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode r = w.callAndWait("engine::workers::register", "\"not an object\"");
      assertEquals("deserialization_error", r.at("/error/code").asText());
      assertEquals("Failed to deserialize input for engine::workers::register: invalid type: string \"not an object\", "
          + "expected struct RegisterWorkerInput", r.at("/error/message").asText());
    }
  }

  @Test
  void builtinsRejectNullDataWithDeserializationError() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      for (String[] fn : new String[][] {{"engine::workers::list", "WorkersListInput"},
          {"engine::functions::list", "FunctionsListInput"}, {"engine::channels::create", "CreateChannelInput"},
          {"engine::triggers::list", null}, {"engine::trigger-types::list", null}, {"engine::log::info", null}}) {
        JsonNode r = w.callAndWait(fn[0], "null");
        assertEquals("deserialization_error", r.at("/error/code").asText(), fn[0]);
        String prefix = "Failed to deserialize input for " + fn[0] + ": invalid type: null, expected struct ";
        assertTrue(r.at("/error/message").asText().startsWith(prefix), r.toString());
        if (fn[1] != null) {
          assertEquals(prefix + fn[1], r.at("/error/message").asText());
        }
        assertFalse(r.has("result"), "engine-sent frames omit absent members");
      }
    }
  }

  @Test
  void logBuiltinsRecordAndAnswerWithoutResult() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode r = w.callAndWait("engine::log::warn", "{\"message\":\"careful\",\"data\":{\"k\":1}}");
      assertFalse(r.has("result"));
      assertFalse(r.has("error"));
      JsonNode missing = w.callAndWait("engine::log::info", "{}");
      assertEquals("Failed to deserialize input for engine::log::info: missing field `message`",
          missing.at("/error/message").asText());
    }
  }

  @Test
  void baggageBuiltinsAreTrivial() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      String id = java.util.UUID.randomUUID().toString();
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"engine::baggage::get\","
          + "\"data\":{\"key\":\"tenant\"},\"baggage\":\"tenant=acme,x=1\"}");
      assertEquals("acme", w.awaitResult(id).at("/result/value").asText());
      assertTrue(w.callAndWait("engine::baggage::get", "{\"key\":\"tenant\"}").at("/result/value").isNull());
      assertTrue(w.callAndWait("engine::baggage::set", "{\"key\":\"a\",\"value\":\"b\"}").at("/result/success").asBoolean());
      assertEquals(0, w.callAndWait("engine::baggage::get_all", "{}").at("/result/baggage").size());
    }
  }

  @Test
  void workersRegisterVoidCallUpdatesMetadataAndWorkersAvailableFires() throws Exception {
    try (RawWorker watcher = RawWorker.connect(engine.url())) {
      watcher.send("{\"type\":\"registerfunction\",\"id\":\"watch::workers\"}");
      watcher.send("{\"type\":\"registertrigger\",\"id\":\"wa\",\"trigger_type\":\"engine::workers-available\","
          + "\"function_id\":\"watch::workers\",\"config\":{}}");
      watcher.barrier();
      RawWorker w = RawWorker.connect(engine.url());
      JsonNode connected = watcher.awaitFrame(f -> f.at("/data/event").asText().equals("worker_connected"));
      assertEquals(w.workerId(), connected.at("/data/worker_id").asText());
      assertFalse(connected.get("data").has("_caller_worker_id"), "engine-internal calls carry no caller id");
      w.send(frame("builtins/w2e-engine-workers-register-request.json"));
      JsonNode updated = watcher.awaitFrame(f -> f.at("/data/event").asText().equals("worker_metadata_updated"));
      assertEquals(w.workerId(), updated.at("/data/worker_id").asText());
      assertEquals("billing-host:41233", engine.workers().stream().filter(x -> x.id().equals(w.workerId()))
          .findFirst().get().name());
      w.close();
      JsonNode gone = watcher.awaitFrame(f -> f.at("/data/event").asText().equals("worker_disconnected"));
      assertEquals(w.workerId(), gone.at("/data/worker_id").asText());
      assertNotNull(gone.get("invocation_id"));
      Await.condition(Duration.ofSeconds(5), () -> engine.workers().size() == 1);
    }
  }

  private static void sortBy(ArrayNode array, String field) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    items.sort(Comparator.comparing(n -> n.get(field).asText()));
    array.removeAll();
    items.forEach(array::add);
  }
}
