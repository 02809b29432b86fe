package dev.iii.testkit.pubsub;

import static dev.iii.testkit.queue.Wire.awaitInvoke;
import static dev.iii.testkit.queue.Wire.pendingInvokes;
import static dev.iii.testkit.queue.Wire.registerFunction;
import static dev.iii.testkit.queue.Wire.registerTrigger;
import static dev.iii.testkit.queue.Wire.unregisterTrigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@code subscribe} + {@code publish} (ENGINE §5.9, §7.4). */
class PubSubTest {
  private TestEngine engine;

  @BeforeEach
  void start() {
    engine = TestEngine.start();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void publishReachesEverySubscriberWithTheDataVerbatim() throws Exception {
    try (RawWorker a = RawWorker.connect(engine.url()); RawWorker b = RawWorker.connect(engine.url());
        RawWorker publisher = RawWorker.connect(engine.url())) {
      registerFunction(a, "a::on");
      registerTrigger(a, "a1", "subscribe", "a::on", "{\"topic\":\"news\"}");
      registerTrigger(a, "a2", "subscribe", "a::on", "{\"topic\":\"news\"}"); // a second trigger: a second call
      registerFunction(b, "b::on");
      registerTrigger(b, "b1", "subscribe", "b::on", "{\"topic\":\"news\"}");
      registerTrigger(b, "b-other", "subscribe", "b::on", "{\"topic\":\"other\"}");
      a.barrier();
      b.barrier();

      JsonNode result = publisher.callAndWait("publish", "{\"topic\":\"news\",\"data\":{\"headline\":\"hi\"}}");
      assertFalse(result.has("error"), result::toString);
      assertFalse(result.has("result"), "publish answers with no result");
      JsonNode expected = RawWorker.parse("{\"headline\":\"hi\"}");
      assertEquals(expected, awaitInvoke(a, "a::on").get("data"));
      assertEquals(expected, awaitInvoke(a, "a::on").get("data"));
      assertEquals(expected, awaitInvoke(b, "b::on").get("data"), "no _caller_worker_id in the delivered data");
      b.barrier();
      assertEquals(0, pendingInvokes(b, "b::on"), "the other topic is not called");
    }
  }

  @Test
  void unsubscribingRemovesOnlyThatSubscription() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "s::x");
      registerFunction(w, "s::y");
      registerTrigger(w, "x", "subscribe", "s::x", "{\"topic\":\"t\"}");
      registerTrigger(w, "y", "subscribe", "s::y", "{\"topic\":\"t\"}");
      unregisterTrigger(w, "x");
      w.callAndWait("publish", "{\"topic\":\"t\",\"data\":1}");
      assertEquals(1, awaitInvoke(w, "s::y").get("data").asInt());
      w.barrier();
      assertEquals(0, pendingInvokes(w, "s::x"));
    }
  }

  @Test
  void emptyTopicIsAnError() throws Exception {
    try (RawWorker w = RawWorker.connect(engine.url())) {
      assertEquals(RawWorker.parse("{\"code\":\"topic_not_set\",\"message\":\"Topic is not set\"}"),
          w.callAndWait("publish", "{\"topic\":\"\",\"data\":1}").get("error"));
      assertEquals("deserialization_error",
          w.callAndWait("publish", "null").get("error").get("code").asText());
    }
  }
}
