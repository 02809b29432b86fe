package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static dev.iii.sdk.TestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code enqueue} (and {@code trigger} with an enqueue action): the wire frame, the receipt, the engine's
 * {@code enqueue_error} as {@link EnqueueException}; and void calls, which run and return nothing. The test engine
 * has no queues by default (as the real engine); one configured with a queue shows the delivery.
 */
class EnqueueTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private static InitOptions options() {
    return InitOptions.newBuilder().otel(OtelConfig.newBuilder().enabled(false).build()).build();
  }

  @Test
  void unknownQueueFailsWithEnqueueExceptionOnEveryForm() {
    try (TestEngine engine = TestSupport.startEngine(); III iii = III.registerWorker(engine.url(), options())) {
      EnqueueException blocking =
          assertThrows(EnqueueException.class, () -> iii.enqueue("payments", "pay::charge", Map.of("amount", 5)));
      assertEquals(ErrorCodes.ENQUEUE_ERROR, blocking.code());
      assertEquals("Queue 'payments' not found", blocking.errorMessage());
      assertEquals("pay::charge", blocking.functionId());

      Throwable async = failureOf(iii.enqueueAsync("payments", "pay::charge", null), WAIT);
      assertInstanceOf(EnqueueException.class, async);

      TriggerRequest viaTrigger =
          TriggerRequest.of("pay::charge", Map.of("amount", 5)).withAction(TriggerAction.enqueue("payments"));
      EnqueueException parity = assertThrows(EnqueueException.class, () -> iii.trigger(viaTrigger));
      assertEquals("Queue 'payments' not found", parity.errorMessage());
      assertInstanceOf(InvocationException.class, parity);
    }
  }

  @Test
  void enqueuedJobIsReceiptedAndDeliveredWithThePayloadUnchanged() {
    List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    TestEngineOptions withQueue =
        TestSupport.engineOptions().toBuilder().queue("orders", QueueConfig.standard()).build();
    try (TestEngine engine = TestEngine.start(withQueue);
        III consumer = III.registerWorker(engine.url(), options());
        III producer = III.registerWorker(engine.url(), options())) {
      consumer.registerFunction(FunctionDef.json("orders::process", (in, ctx) -> {
        delivered.add(in);
        return null;
      }));
      engine.awaitFunction("orders::process");

      EnqueueResult receipt = producer.enqueue("orders", "orders::process", Map.of("order", "pizza"));

      assertEquals(4, java.util.UUID.fromString(receipt.messageReceiptId()).version());
      awaitCondition(WAIT, () -> delivered.size() == 1, "job delivered");
      // Enqueued data reaches the function as it was sent: no _caller_worker_id (PROTOCOL §2.4).
      assertEquals("{\"order\":\"pizza\"}", delivered.get(0).toString());
    }
  }

  @Test
  void enqueueSendsTheActionAndReturnsTheReceipt() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine(); III iii = III.registerWorker(engine.url(), options())) {
      CompletionStage<EnqueueResult> pending = iii.enqueueAsync("orders", "orders::process", Map.of("order", "pizza"));

      JsonNode frame = engine.await(j -> j.path("function_id").asText().equals("orders::process"), "enqueue frame");
      assertEquals("invokefunction", frame.get("type").asText());
      assertEquals("enqueue", frame.at("/action/type").asText());
      assertEquals("orders", frame.at("/action/queue").asText());
      assertEquals("pizza", frame.at("/data/order").asText());
      String invocationId = frame.get("invocation_id").asText();
      engine.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invocationId + "\","
          + "\"function_id\":\"orders::process\",\"result\":{\"messageReceiptId\":\"a7c9e1b2-3d4f-4a5b-8c6d-7e8f9a0b1c2d\"}}");

      assertEquals(new EnqueueResult("a7c9e1b2-3d4f-4a5b-8c6d-7e8f9a0b1c2d"), await(pending, WAIT));
    }
  }

  @Test
  void triggerWithEnqueueActionReturnsTheRawReceiptObject() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine(); III iii = III.registerWorker(engine.url(), options())) {
      CompletionStage<JsonNode> pending = iii.triggerAsync(
          TriggerRequest.of("orders::process", null).withAction(TriggerAction.enqueue("orders")));

      JsonNode frame = engine.await(j -> j.path("function_id").asText().equals("orders::process"), "enqueue frame");
      assertTrue(frame.get("data").isNull(), "data always present: " + frame);
      engine.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + frame.get("invocation_id").asText() + "\","
          + "\"function_id\":\"orders::process\",\"result\":{\"messageReceiptId\":\"r-1\"}}");

      assertEquals("r-1", await(pending, WAIT).get("messageReceiptId").asText());
    }
  }

  @Test
  void answerWithoutReceiptIsAClearError() throws Exception {
    try (ScriptedEngine engine = new ScriptedEngine(); III iii = III.registerWorker(engine.url(), options())) {
      CompletionStage<EnqueueResult> pending = iii.enqueueAsync("orders", "orders::process", null);
      JsonNode frame = engine.await(j -> j.path("function_id").asText().equals("orders::process"), "enqueue frame");
      engine.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + frame.get("invocation_id").asText() + "\","
          + "\"function_id\":\"orders::process\"}");

      Throwable t = failureOf(pending, WAIT);
      assertInstanceOf(IIIException.class, t);
      assertTrue(t.getMessage().contains("messageReceiptId"), t.getMessage());
    }
  }

  @Test
  void badArgumentsFailFast() {
    try (TestEngine engine = TestSupport.startEngine(); III iii = III.registerWorker(engine.url(), options())) {
      assertThrows(IllegalArgumentException.class, () -> iii.enqueue(" ", "f::x", null));
      assertThrows(IllegalArgumentException.class, () -> iii.enqueue("q", "", null));
    }
  }

  @Test
  void voidCallRunsTheFunctionAndReturnsNothing() throws Exception {
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    try (TestEngine engine = TestSupport.startEngine();
        III callee = III.registerWorker(engine.url(), options());
        III caller = III.registerWorker(engine.url(), options())) {
      callee.registerFunction(FunctionDef.json("v::sink", (in, ctx) -> {
        seen.add(in);
        return "ignored";
      }));
      engine.awaitFunction("v::sink");

      JsonNode viaTrigger = caller.trigger(
          TriggerRequest.of("v::sink", Map.of("n", 1)).withAction(TriggerAction.voidAction()));
      caller.fireAndForget("v::sink", Map.of("n", 2));

      assertTrue(viaTrigger.isNull());
      awaitCondition(WAIT, () -> seen.size() == 2, "both void calls ran");
      assertFalse(seen.stream().anyMatch(j -> j.path("n").asInt() == 0));
    }
  }
}
