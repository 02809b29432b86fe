package dev.iii.testkit.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.support.RawWorker;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Raw-JSON helpers shared by the state/stream tests. */
final class Calls {
  private Calls() {}

  static JsonNode json(String text) {
    return RawWorker.parse("{\"v\":" + text + "}").get("v");
  }

  /** Calls and returns the {@code result} node, failing on an error; Java null when the key is absent. */
  static @Nullable JsonNode ok(RawWorker w, String functionId, String data) {
    JsonNode frame = w.callAndWait(functionId, data);
    assertFalse(frame.has("error"), () -> functionId + " failed: " + frame);
    return frame.get("result");
  }

  /** Calls, expects an error with this code, and returns its message. */
  static String error(RawWorker w, String functionId, String data, String code) {
    JsonNode frame = w.callAndWait(functionId, data);
    assertTrue(frame.has("error"), () -> functionId + " should fail: " + frame);
    assertFalse(frame.has("result"), frame::toString);
    assertEquals(code, frame.at("/error/code").asText(), frame::toString);
    return frame.at("/error/message").asText();
  }

  static void registerFunction(RawWorker w, String id) {
    w.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}");
  }

  static void registerTrigger(RawWorker w, String id, String type, String functionId, String config) {
    w.send("{\"type\":\"registertrigger\",\"id\":\"" + id + "\",\"trigger_type\":\"" + type
        + "\",\"function_id\":\"" + functionId + "\",\"config\":" + config + "}");
  }

  /** Waits for the engine to invoke {@code functionId} on this worker and answers with {@code answer(data)}. */
  static JsonNode serveOnce(RawWorker w, String functionId, Function<JsonNode, @Nullable String> answer) {
    JsonNode call = w.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
    String result = answer.apply(call.get("data"));
    w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + call.get("invocation_id").asText()
        + "\",\"function_id\":\"" + functionId + "\"" + (result == null ? "" : ",\"result\":" + result) + "}");
    return call;
  }
}
