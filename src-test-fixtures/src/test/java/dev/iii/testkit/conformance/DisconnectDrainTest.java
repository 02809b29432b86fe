package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.Test;

/**
 * ENGINE §3.3: the engine's read loop handles every frame received before the close, and only then cleans up.
 * A worker that answers an invocation and closes at once must have its answer delivered — never replaced by the
 * {@code invocation_stopped} of the disconnect clean-up.
 */
class DisconnectDrainTest {
  private static final int ROUNDS = 200;
  /** Makes the result a fragmented, streamed message whose reading is asynchronous, which widens the race. */
  private static final String PADDING = "x".repeat(32 * 1024);

  @Test
  void resultSentRightBeforeTheSocketEndsIsAlwaysDelivered() throws Exception {
    try (TestEngine engine = TestEngine.start(); RawWorker caller = RawWorker.connect(engine.url())) {
      for (int i = 0; i < ROUNDS; i++) {
        String function = "drain::f" + i;
        RawWorker callee = RawWorker.connect(engine.url());
        callee.send("{\"type\":\"registerfunction\",\"id\":\"" + function + "\"}");
        callee.barrier();
        String id = caller.call(function, "{}");
        JsonNode call = callee.awaitType("invokefunction");
        assertEquals(id, call.get("invocation_id").asText());
        String result = "{\"type\":\"invocationresult\",\"invocation_id\":\"" + id + "\",\"function_id\":\""
            + function + "\",\"result\":{\"round\":" + i + ",\"padding\":\"" + PADDING + "\"}}";
        if (i % 2 == 0) {
          callee.sendFragmented(result, 4);
          callee.close(); // a Close frame right behind the result, then the socket is dropped
        } else {
          callee.send(result);
          callee.abort(); // the result, then EOF without a Close frame
        }
        JsonNode answer = caller.awaitResult(id);
        assertTrue(answer.path("error").isMissingNode(), "round " + i + ": " + answer.path("error"));
        assertEquals(i, answer.path("result").path("round").asInt(), "round " + i);
      }
    }
  }
}
