package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import dev.iii.testkit.support.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The frames the engine emits equal the {@code e2w-*.json} vectors as JSON values, in the situation each vector
 * describes. Engine-chosen values (worker ids, generated invocation ids, {@code _caller_worker_id}) are patched
 * in from what actually happened. Not covered: RBAC ({@code forbidden*}, {@code error-auth*}, {@code *-prefixed}),
 * queues ({@code enqueue-ok}, {@code enqueue-no-queue-module}) and cron ({@code from-trigger}) belong to later
 * modules.
 */
class EngineFrameVectorsTest {
  private static final String X = "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11";
  private static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";
  private static final String TRIGGER = "9d4b2c8e-1f3a-4e7b-8c2d-5a6b7c8d9e0f";

  /** One engine per test: the vectors fix the ids, so state left by an earlier test must not leak in. */
  @RegisterExtension
  final TestEngineExtension engineExtension = new TestEngineExtension();

  private static TestEngine current;

  @org.junit.jupiter.api.BeforeEach
  void bind() {
    current = engineExtension.engine();
  }

  private static TestEngine engine() {
    return current;
  }

  private static ObjectNode expected(String file) {
    return (ObjectNode) Vectors.load(file).get("frame").deepCopy();
  }

  private static void registerFunction(RawWorker w, String id) {
    w.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}");
    w.barrier();
  }

  private static JsonNode forwardedCall(RawWorker owner) {
    return owner.awaitType("invokefunction");
  }

  @Test
  void workerRegisteredIsTheFirstFrame() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      ObjectNode exp = expected("e2w-workerregistered-basic.json");
      exp.put("worker_id", w.workerId());
      assertEquals(exp, w.received().get(0));
    }
  }

  @Test
  void pongReply() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"ping\"}");
      assertEquals(expected("e2w-pong-reply.json"), w.awaitType("pong"));
    }
  }

  @Test
  void functionNotFound() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + X + "\",\"function_id\":\"orders::nope\",\"data\":{}}");
      assertEquals(expected("e2w-invocationresult-function-not-found.json"), w.awaitResult(X));
    }
  }

  @Test
  void enqueueToAQueueThatIsNotConfigured() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + X + "\",\"function_id\":\"payments::charge\","
          + "\"data\":{\"amount\":100},\"action\":{\"type\":\"enqueue\",\"queue\":\"payments\"}}");
      assertEquals(expected("e2w-invocationresult-enqueue-queue-not-found.json"), w.awaitResult(X));
    }
  }

  @Test
  void invocationStopped() throws Exception {
    try (RawWorker caller = RawWorker.connect(engine().url())) {
      RawWorker owner = RawWorker.connect(engine().url());
      registerFunction(owner, "orders::create");
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + X + "\",\"function_id\":\"orders::create\",\"data\":{}}");
      forwardedCall(owner);
      owner.abort();
      assertEquals(expected("e2w-invocationresult-invocation-stopped.json"), caller.awaitResult(X));
    }
  }

  /** Calls orders::create with the vector's traceparent and lets the owner answer with {@code answerMembers}. */
  private static JsonNode callAndAnswer(String answerMembers) throws Exception {
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      registerFunction(owner, "orders::create");
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + X + "\",\"function_id\":\"orders::create\","
          + "\"data\":{},\"traceparent\":\"" + TP + "\"}");
      forwardedCall(owner);
      owner.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + X + "\",\"function_id\":\"orders::create\""
          + answerMembers + "}");
      return caller.awaitResult(X);
    }
  }

  @Test
  void resultRelayedToTheCaller() throws Exception {
    assertEquals(expected("e2w-invocationresult-result.json"),
        callAndAnswer(",\"result\":{\"order_id\":\"o-42\",\"status\":\"created\"}"));
  }

  @Test
  void errorRelayedToTheCallerUnchanged() throws Exception {
    JsonNode exp = expected("e2w-invocationresult-relayed-error.json");
    assertEquals(exp, callAndAnswer(",\"error\":" + exp.get("error")));
  }

  @Test
  void successWithoutValueHasNoResultKey() throws Exception {
    assertEquals(expected("e2w-invocationresult-no-result.json"), callAndAnswer(",\"result\":null"));
  }

  /** Sends {@code callMembers} as a call of {@code functionId} and returns what the owner receives. */
  private static JsonNode forward(String functionId, String callMembers, ObjectNode expectedFrame) throws Exception {
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      registerFunction(owner, functionId);
      caller.send("{\"type\":\"invokefunction\",\"function_id\":\"" + functionId + "\"" + callMembers + "}");
      JsonNode got = forwardedCall(owner);
      if (expectedFrame.get("data").has("_caller_worker_id")) {
        ((ObjectNode) expectedFrame.get("data")).put("_caller_worker_id", caller.workerId());
      }
      return got;
    }
  }

  @Test
  void forwardedCall() throws Exception {
    ObjectNode exp = expected("e2w-invokefunction-forwarded.json");
    assertEquals(exp, forward("orders::create", ",\"invocation_id\":\"" + X + "\",\"data\":{\"sku\":\"A-1\",\"qty\":2},"
        + "\"traceparent\":\"" + TP + "\"", exp));
  }

  @Test
  void forwardedCallWithoutTraceContext() throws Exception {
    ObjectNode exp = expected("e2w-invokefunction-forwarded-no-trace.json");
    assertEquals(exp, forward("orders::create", ",\"invocation_id\":\"" + X + "\",\"data\":{\"sku\":\"A-1\",\"qty\":2}", exp));
  }

  @Test
  void forwardedCallWithBaggage() throws Exception {
    ObjectNode exp = expected("e2w-invokefunction-forwarded-baggage.json");
    assertEquals(exp, forward("orders::create", ",\"invocation_id\":\"" + X + "\",\"data\":{\"sku\":\"A-1\",\"qty\":2},"
        + "\"traceparent\":\"" + TP + "\",\"baggage\":\"tenant=acme,request.origin=checkout\"", exp));
  }

  @Test
  void forwardedCallWithNullData() throws Exception {
    ObjectNode exp = expected("e2w-invokefunction-forwarded-null-data.json");
    assertEquals(exp, forward("health::ping", ",\"invocation_id\":\"" + X + "\",\"data\":null,\"traceparent\":\"" + TP + "\"", exp));
  }

  @Test
  void forwardedVoidCall() throws Exception {
    ObjectNode exp = expected("e2w-invokefunction-forwarded-void.json");
    JsonNode got = forward("audit::log", ",\"data\":{\"event\":\"login\"},\"traceparent\":\"" + TP
        + "\",\"action\":{\"type\":\"void\"}", exp);
    exp.put("invocation_id", got.get("invocation_id").asText()); // engine-generated
    assertEquals(exp, got);
  }

  /** A provider of "webhook" and a consumer registering {@code triggerMembers}; returns the provider's frame. */
  private static JsonNode forwardTrigger(String triggerMembers, boolean unregister) throws Exception {
    try (RawWorker provider = RawWorker.connect(engine().url()); RawWorker consumer = RawWorker.connect(engine().url())) {
      provider.send("{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"Incoming webhook\"}");
      provider.barrier();
      consumer.send("{\"type\":\"registertrigger\",\"id\":\"" + TRIGGER + "\",\"trigger_type\":\"webhook\","
          + "\"function_id\":\"hooks::on_push\"" + triggerMembers + "}");
      JsonNode registered = provider.awaitType("registertrigger");
      if (!unregister) {
        return registered;
      }
      consumer.send("{\"type\":\"unregistertrigger\",\"id\":\"" + TRIGGER + "\"}");
      return provider.awaitType("unregistertrigger");
    }
  }

  @Test
  void registerTriggerForwardedToTheProvider() throws Exception {
    assertEquals(expected("e2w-registertrigger-forwarded.json"),
        forwardTrigger(",\"config\":{\"path\":\"/push\",\"secret_env\":\"GH_SECRET\"}", false));
  }

  @Test
  void registerTriggerForwardedWithMetadata() throws Exception {
    assertEquals(expected("e2w-registertrigger-forwarded-metadata.json"),
        forwardTrigger(",\"config\":{\"path\":\"/push\"},\"metadata\":{\"owner\":\"platform\",\"retries\":3}", false));
  }

  @Test
  void registerTriggerForwardedWithNullConfig() throws Exception {
    assertEquals(expected("e2w-registertrigger-forwarded-null-config.json"), forwardTrigger(",\"config\":null", false));
  }

  @Test
  void unregisterTriggerForwardedWithItsStoredType() throws Exception {
    assertEquals(expected("e2w-unregistertrigger-forwarded.json"), forwardTrigger(",\"config\":{}", true));
  }
}
