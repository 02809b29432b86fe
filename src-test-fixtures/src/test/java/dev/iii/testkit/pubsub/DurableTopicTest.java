package dev.iii.testkit.pubsub;

import static dev.iii.testkit.queue.Wire.answerError;
import static dev.iii.testkit.queue.Wire.answerOk;
import static dev.iii.testkit.queue.Wire.awaitInvoke;
import static dev.iii.testkit.queue.Wire.pendingInvokes;
import static dev.iii.testkit.queue.Wire.registerFunction;
import static dev.iii.testkit.queue.Wire.registerTrigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.ManualClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code iii::durable::publish} + {@code durable:subscriber} (ENGINE §5.10, §8.3, §14.3 item 9). */
class DurableTopicTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private ManualClock clock;
  private TestEngine engine;
  private RawWorker w;

  @BeforeEach
  void start() throws Exception {
    clock = EngineClock.manual(START);
    engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
    w = RawWorker.connect(engine.url());
  }

  @AfterEach
  void stop() {
    w.close();
    engine.close();
  }

  private void publish(String topic, String dataJson) {
    JsonNode r = w.callAndWait("iii::durable::publish", "{\"topic\":\"" + topic + "\",\"data\":" + dataJson + "}");
    assertFalse(r.has("error"), r::toString);
    assertFalse(r.has("result"), "durable publish answers with no result");
  }

  @Test
  void publishingWithoutASubscriberLosesTheMessage() {
    publish("orders", "{\"n\":1}");
    assertEquals(1, engine.lostDurableMessages("orders"));

    registerFunction(w, "orders::on");
    registerTrigger(w, "sub", "durable:subscriber", "orders::on", "{\"topic\":\"orders\"}");
    w.barrier();
    publish("orders", "{\"n\":2}");
    assertEquals(2, awaitInvoke(w, "orders::on").get("data").get("n").asInt(), "only the later message arrives");
    w.barrier();
    assertEquals(0, pendingInvokes(w, "orders::on"));
  }

  @Test
  void oneJobPerDistinctFunctionEvenWithSeveralTriggers() {
    registerFunction(w, "t::a");
    registerFunction(w, "t::b");
    registerTrigger(w, "a1", "durable:subscriber", "t::a", "{\"topic\":\"t\"}");
    registerTrigger(w, "a2", "durable:subscriber", "t::a", "{\"topic\":\"t\"}");
    registerTrigger(w, "b1", "durable:subscriber", "t::b", "{\"topic\":\"t\"}");
    publish("t", "\"hello\"");
    assertEquals("hello", awaitInvoke(w, "t::a").get("data").asText());
    assertEquals("hello", awaitInvoke(w, "t::b").get("data").asText());
    w.barrier();
    assertEquals(0, pendingInvokes(w, "t::a"), "the two triggers of t::a compete for one job");
  }

  @Test
  void failuresUseTheAdapterDefaultsThenDeadLetter() {
    registerFunction(w, "t::fail");
    // Per-trigger maxRetries is parsed but not applied by the builtin adapter: 3 attempts, 1 s backoff.
    registerTrigger(w, "f", "durable:subscriber", "t::fail",
        "{\"topic\":\"jobs\",\"queue_config\":{\"maxRetries\":10,\"backoffDelayMs\":5}}");
    publish("jobs", "{}");
    answerError(w, awaitInvoke(w, "t::fail"));
    Await.condition(WAIT, () -> clock.pendingTasks().contains(START.plusSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    answerError(w, awaitInvoke(w, "t::fail"));
    Await.condition(WAIT, () -> clock.pendingTasks().contains(START.plusSeconds(3)));
    clock.advance(Duration.ofSeconds(2));
    answerError(w, awaitInvoke(w, "t::fail"));
    Await.condition(WAIT, () -> engine.deadLetters("jobs").size() == 1);
    assertEquals("jobs::t::fail", engine.deadLetters("jobs").get(0).queue());
    assertEquals(3, engine.deadLetters("jobs").get(0).attemptsMade());
    assertTrue(clock.pendingTasks().isEmpty());
  }

  @Test
  void aConditionReturningFalseAcksWithoutCallingTheHandler() {
    registerFunction(w, "t::cond");
    registerFunction(w, "t::handler");
    registerTrigger(w, "c", "durable:subscriber", "t::handler",
        "{\"topic\":\"gated\",\"condition_function_id\":\"t::cond\"}");
    publish("gated", "{\"k\":1}");
    JsonNode cond = awaitInvoke(w, "t::cond");
    assertEquals(1, cond.get("data").get("k").asInt());
    w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + cond.get("invocation_id").asText()
        + "\",\"function_id\":\"t::cond\",\"result\":false}");
    w.barrier();
    assertEquals(0, pendingInvokes(w, "t::handler"));

    publish("gated", "{\"k\":2}");
    answerOk(w, awaitInvoke(w, "t::cond"));
    assertEquals(2, awaitInvoke(w, "t::handler").get("data").get("k").asInt());
  }

  @Test
  void aFifoTopicRetriesInlineAndBlocksLaterMessages() {
    registerFunction(w, "t::ordered");
    registerTrigger(w, "o", "durable:subscriber", "t::ordered", "{\"topic\":\"seq\",\"queue_config\":{\"type\":\"fifo\"}}");
    publish("seq", "1");
    publish("seq", "2");
    JsonNode first = awaitInvoke(w, "t::ordered");
    assertEquals(1, first.get("data").asInt());
    answerError(w, first);
    Await.condition(WAIT, () -> clock.pendingTasks().contains(START.plusSeconds(1)));
    w.barrier();
    assertEquals(0, pendingInvokes(w, "t::ordered"), "message 2 waits while message 1 backs off");
    clock.advance(Duration.ofSeconds(1));
    JsonNode retry = awaitInvoke(w, "t::ordered");
    assertEquals(1, retry.get("data").asInt());
    answerOk(w, retry);
    assertEquals(2, awaitInvoke(w, "t::ordered").get("data").asInt());
  }

  @Test
  void emptyTopicIsAnError() {
    assertEquals("topic_not_set",
        w.callAndWait("iii::durable::publish", "{\"topic\":\"\",\"data\":1}").get("error").get("code").asText());
  }
}
