package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many callers, one owner answering out of order: every result reaches the caller that made the call, with its
 * own id, and the engine ends with nothing pending. Exercises the engine's shared state under concurrency.
 */
class ConcurrentRoutingTest {
  private static final int CALLERS = 4;
  private static final int CALLS_EACH = 250;

  @Test
  void everyResultReachesItsCallerWhenTheOwnerAnswersOutOfOrder() throws Exception {
    try (TestEngine engine = TestEngine.start()) {
      List<JsonNode> calls = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> allArrived = new CompletableFuture<>();
      WebSocket owner = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(engine.url()), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                JsonNode f = RawWorker.parse(text.toString());
                text.setLength(0);
                if ("invokefunction".equals(f.path("type").asText())) {
                  calls.add(f);
                  if (calls.size() == CALLERS * CALLS_EACH) {
                    allArrived.complete(null);
                  }
                }
              }
              ws.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      owner.sendText("{\"type\":\"registerfunction\",\"id\":\"conc::echo\"}", true).join();
      engine.awaitFunction("conc::echo");

      List<RawWorker> callers = new ArrayList<>();
      List<List<String>> ids = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        callers.add(RawWorker.connect(engine.url()));
        ids.add(new ArrayList<>());
      }
      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        RawWorker caller = callers.get(c);
        List<String> mine = ids.get(c);
        int callerIndex = c;
        senders.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < CALLS_EACH; i++) {
            String id = UUID.randomUUID().toString();
            mine.add(id);
            caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id
                + "\",\"function_id\":\"conc::echo\",\"data\":{\"caller\":" + callerIndex + ",\"i\":" + i + "}}");
          }
        }));
      }
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      allArrived.get(30, TimeUnit.SECONDS);

      List<JsonNode> shuffled = new ArrayList<>(calls);
      Collections.shuffle(shuffled);
      for (JsonNode call : shuffled) {
        owner.sendText("{\"type\":\"invocationresult\",\"invocation_id\":\"" + call.get("invocation_id").asText()
            + "\",\"function_id\":\"conc::echo\",\"result\":" + call.get("data") + "}", true).join();
      }
      for (int c = 0; c < CALLERS; c++) {
        for (String id : ids.get(c)) {
          JsonNode r = callers.get(c).awaitResult(id);
          assertEquals(c, r.at("/result/caller").asInt(), "result routed to the caller that made the call");
          assertEquals(callers.get(c).workerId(), r.at("/result/_caller_worker_id").asText());
        }
      }
      for (RawWorker caller : callers) {
        caller.barrier();
        assertEquals(0, caller.unconsumed().size(), "no stray results");
        caller.close();
      }
      owner.abort();
    }
  }
}
