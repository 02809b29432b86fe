package dev.iii.testkit.queue;

import static dev.iii.testkit.queue.Wire.answerError;
import static dev.iii.testkit.queue.Wire.answerOk;
import static dev.iii.testkit.queue.Wire.awaitInvoke;
import static dev.iii.testkit.queue.Wire.enqueue;
import static dev.iii.testkit.queue.Wire.pendingInvokes;
import static dev.iii.testkit.queue.Wire.registerFunction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.DeadLetter;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.ManualClock;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Named function queues and the enqueue action (ENGINE §8.2, Appendix A.4/B, §14.3 item 9). */
class FunctionQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private ManualClock clock;
  private TestEngine engine;
  private RawWorker w;

  @BeforeEach
  void start() throws Exception {
    clock = EngineClock.manual(START);
    engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock)
        .queue("orders", QueueConfig.newBuilder().maxRetries(3).build())
        .queue("once", QueueConfig.newBuilder().maxRetries(0).build())
        .queue("payments", QueueConfig.newBuilder().type(QueueConfig.Type.FIFO).messageGroupField("tx").build())
        .build());
    w = RawWorker.connect(engine.url());
    registerFunction(w, "orders::process");
    w.barrier();
  }

  @AfterEach
  void stop() {
    w.close();
    engine.close();
  }

  private void awaitArmed(Instant at) {
    Await.condition(WAIT, () -> clock.pendingTasks().contains(at), () -> "a retry armed at " + at
        + " (pending: " + clock.pendingTasks() + ")");
  }

  private String receipt(String invocationId) {
    JsonNode reply = w.awaitResult(invocationId);
    assertFalse(reply.has("error"), reply::toString);
    return reply.get("result").get("messageReceiptId").asText();
  }

  @Test
  void threeRetriesMeanThreeCallsWithDoublingBackoffThenTheDeadLetterList() {
    String receipt = receipt(enqueue(w, "orders", "orders::process", "{\"order\":\"pizza\"}"));

    JsonNode first = awaitInvoke(w, "orders::process");
    assertEquals(RawWorker.parse("{\"order\":\"pizza\"}"), first.get("data"), "payload unchanged, no caller id");
    answerError(w, first);
    awaitArmed(START.plusSeconds(1));
    clock.advance(Duration.ofMillis(999));
    w.barrier();
    assertEquals(0, pendingInvokes(w, "orders::process"), "not before the 1 s backoff");
    clock.advance(Duration.ofMillis(1));
    answerError(w, awaitInvoke(w, "orders::process"));

    awaitArmed(START.plusSeconds(3)); // second failure at 1 s waits 2 s
    clock.advance(Duration.ofSeconds(2));
    answerError(w, awaitInvoke(w, "orders::process"));

    Await.condition(WAIT, () -> engine.deadLetters("orders").size() == 1);
    DeadLetter dead = engine.deadLetters("orders").get(0);
    assertEquals("__fn_queue::orders", dead.queue());
    assertEquals(3, dead.attemptsMade());
    assertEquals(3, dead.maxAttempts());
    assertEquals(receipt, dead.messageId());
    assertNotEquals(receipt, dead.jobId(), "the DLQ job id is not the messageReceiptId");
    assertEquals("orders::process", dead.functionId());
    assertEquals("function call failed", dead.error());
    assertEquals(START.plusSeconds(3), dead.failedAt());
    assertTrue(clock.pendingTasks().isEmpty(), "no fourth attempt");
    clock.advance(Duration.ofMinutes(1));
    w.barrier();
    assertEquals(0, pendingInvokes(w, "orders::process"));
  }

  @Test
  void zeroRetriesStillMakeOneCallThenDeadLetterAndRedriveSendsItAgain() {
    receipt(enqueue(w, "once", "orders::process", "{\"n\":1}"));
    answerError(w, awaitInvoke(w, "orders::process"));
    Await.condition(WAIT, () -> engine.deadLetters("once").size() == 1);
    assertEquals(1, engine.deadLetters("once").get(0).attemptsMade());
    assertTrue(clock.pendingTasks().isEmpty());

    JsonNode redriven = w.callAndWait("iii::queue::redrive", "{\"queue\":\"once\"}");
    assertEquals(RawWorker.parse("{\"queue\":\"once\",\"redriven\":1}"), redriven.get("result"));
    JsonNode again = awaitInvoke(w, "orders::process");
    assertEquals(1, again.get("data").get("n").asInt());
    answerOk(w, again);
    assertTrue(engine.deadLetters("once").isEmpty());
  }

  @Test
  void aDeadJobCanBeDiscardedByItsJobIdNotItsReceipt() {
    String receipt = receipt(enqueue(w, "once", "orders::process", "{}"));
    answerError(w, awaitInvoke(w, "orders::process"));
    Await.condition(WAIT, () -> engine.deadLetters("once").size() == 1);
    String jobId = engine.deadLetters("once").get(0).jobId();

    JsonNode byReceipt = w.callAndWait("iii::queue::discard_message",
        "{\"queue\":\"once\",\"message_id\":\"" + receipt + "\"}");
    assertEquals(0, byReceipt.get("result").get("redriven").asInt());
    JsonNode byJob = w.callAndWait("iii::queue::discard_message",
        "{\"queue\":\"once\",\"message_id\":\"" + jobId + "\"}");
    assertEquals(RawWorker.parse("{\"queue\":\"once\",\"message_id\":\"" + jobId + "\",\"redriven\":1}"),
        byJob.get("result"));
    assertTrue(engine.deadLetters("once").isEmpty());
    assertEquals("message_id_not_set", w.callAndWait("iii::queue::redrive_message",
        "{\"queue\":\"once\",\"message_id\":\"\"}").get("error").get("code").asText());
    assertEquals("queue_not_set",
        w.callAndWait("iii::queue::redrive", "{\"queue\":\"\"}").get("error").get("code").asText());
  }

  @Test
  void aSuccessfulDeliveryAcksTheJob() {
    receipt(enqueue(w, "orders", "orders::process", "{}"));
    answerOk(w, awaitInvoke(w, "orders::process"));
    w.barrier();
    assertTrue(clock.pendingTasks().isEmpty());
    assertTrue(engine.deadLetters("orders").isEmpty());
  }

  @Test
  void enqueueErrorsUseTheEngineMessages() {
    assertEquals(RawWorker.parse("{\"code\":\"enqueue_error\",\"message\":\"Queue 'x' not found\"}"),
        w.awaitResult(enqueue(w, "x", "orders::process", "{}")).get("error"));
    assertEquals("FIFO queue 'payments' requires field 'tx' in data, but it was not found",
        w.awaitResult(enqueue(w, "payments", "orders::process", "{}")).get("error").get("message").asText());
    assertEquals("FIFO queue 'payments': field 'tx' must not be null",
        w.awaitResult(enqueue(w, "payments", "orders::process", "{\"tx\":null}")).get("error").get("message").asText());
  }

  @Test
  void aFifoQueueRunsOneJobAtATime() {
    receipt(enqueue(w, "payments", "orders::process", "{\"tx\":\"a\",\"n\":1}"));
    receipt(enqueue(w, "payments", "orders::process", "{\"tx\":\"b\",\"n\":2}"));
    JsonNode first = awaitInvoke(w, "orders::process");
    assertEquals(1, first.get("data").get("n").asInt());
    w.barrier();
    assertEquals(0, pendingInvokes(w, "orders::process"), "the second job waits for the first");
    answerOk(w, first);
    assertEquals(2, awaitInvoke(w, "orders::process").get("data").get("n").asInt());
  }

  @Test
  void aStandardQueueRunsJobsConcurrently() {
    receipt(enqueue(w, "orders", "orders::process", "{\"n\":1}"));
    receipt(enqueue(w, "orders", "orders::process", "{\"n\":2}"));
    awaitInvoke(w, "orders::process");
    awaitInvoke(w, "orders::process"); // both arrive although neither was answered
  }

  @Test
  void aVoidCallRunsAndReturnsNothing() throws Exception {
    try (RawWorker caller = RawWorker.connect(engine.url())) {
      String id = java.util.UUID.randomUUID().toString();
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"orders::process\",\"data\":{\"v\":1},\"action\":{\"type\":\"void\"}}");
      JsonNode call = awaitInvoke(w, "orders::process");
      assertNotEquals(id, call.get("invocation_id").asText(), "a fresh id reaches the owner");
      assertEquals(caller.workerId(), call.get("data").get("_caller_worker_id").asText());
      answerOk(w, call);
      w.barrier();
      caller.barrier();
      assertTrue(caller.unconsumed().stream().noneMatch(f -> "invocationresult".equals(f.path("type").asText())),
          "the void caller gets nothing: " + caller.unconsumed());
    }
  }

  @Test
  void fifoWithoutGroupFieldIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class,
        () -> QueueConfig.newBuilder().type(QueueConfig.Type.FIFO).build());
  }

  @Test
  void noQueuesByDefault() throws Exception {
    try (TestEngine plain = TestEngine.start(); RawWorker c = RawWorker.connect(plain.url())) {
      assertEquals("Queue 'default' not found",
          c.awaitResult(enqueue(c, "default", "a::b", "{}")).get("error").get("message").asText());
    }
  }
}
