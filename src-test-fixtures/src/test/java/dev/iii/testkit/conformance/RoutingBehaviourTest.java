package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Functions and invocation routing: ENGINE §4 and the §14.3 behaviours 1–4, 17 and 20. */
class RoutingBehaviourTest {
  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();

  private static TestEngine engine() {
    return ENGINE.engine();
  }

  private static String fn() {
    return "route::f" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void register(RawWorker w, String id) {
    w.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}");
    w.barrier();
  }

  private static JsonNode forwarded(RawWorker owner, String functionId) {
    return owner.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
  }

  private static void answer(RawWorker owner, JsonNode call, String resultJson) {
    owner.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + call.get("invocation_id").asText()
        + "\",\"function_id\":\"" + call.get("function_id").asText() + "\",\"result\":" + resultJson + "}");
  }

  @Test
  void callerWorkerIdIsInjectedIntoObjectPayloadsOfSyncCallsOverwritingAnyGivenOne() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      caller.call(f, "{\"x\":1,\"_caller_worker_id\":\"forged\"}");
      JsonNode data = forwarded(owner, f).get("data");
      assertEquals(RawWorker.parse("{\"x\":1,\"_caller_worker_id\":\"" + caller.workerId() + "\"}"), data);
    }
  }

  @Test
  void callerWorkerIdIsNeverInjectedIntoNullScalarOrArrayPayloads() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      for (String payload : new String[] {"null", "\"hello\"", "42", "[1,2]"}) {
        caller.call(f, payload);
        assertEquals(RawWorker.JSON.readTree(payload), forwarded(owner, f).get("data"), payload);
      }
    }
  }

  @Test
  void callerWorkerIdIsInjectedIntoVoidCallsToo() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      caller.send("{\"type\":\"invokefunction\",\"function_id\":\"" + f + "\",\"data\":{\"e\":1},\"action\":{\"type\":\"void\"}}");
      assertEquals(caller.workerId(), forwarded(owner, f).at("/data/_caller_worker_id").asText());
    }
  }

  @Test
  void callersInvocationIdIsReusedEndToEnd() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      String id = caller.call(f, "{}");
      JsonNode call = forwarded(owner, f);
      assertEquals(id, call.get("invocation_id").asText());
      assertFalse(call.has("action"), "the engine never forwards action");
      answer(owner, call, "{\"ok\":true}");
      assertEquals(RawWorker.parse("{\"ok\":true}"), caller.awaitResult(id).get("result"));
    }
  }

  @Test
  void voidCallReachesTheOwnerWithAFreshIdAndTheCallerGetsNothing() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      String callerId = UUID.randomUUID().toString();
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + callerId + "\",\"function_id\":\"" + f
          + "\",\"data\":{},\"action\":{\"type\":\"void\"}}");
      JsonNode call = forwarded(owner, f);
      String fresh = call.get("invocation_id").asText();
      assertNotEquals(callerId, fresh, "a void call's own id is ignored");
      UUID.fromString(fresh);
      answer(owner, call, "1");
      caller.barrier();
      assertTrue(caller.unconsumed().isEmpty(), "no invocationresult for a void call: " + caller.unconsumed());
    }
  }

  @Test
  void callWithoutInvocationIdReachesTheOwnerWithAFreshId() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      caller.send("{\"type\":\"invokefunction\",\"function_id\":\"" + f + "\",\"data\":{}}");
      UUID.fromString(forwarded(owner, f).get("invocation_id").asText());
    }
  }

  @Test
  void voidCallToAMissingFunctionIsOnlyLogged() throws Exception {
    try (RawWorker caller = RawWorker.connect(engine().url())) {
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + UUID.randomUUID()
          + "\",\"function_id\":\"missing::fn\",\"data\":{},\"action\":{\"type\":\"void\"}}");
      caller.barrier();
      assertTrue(caller.unconsumed().isEmpty());
    }
  }

  @Test
  void missingFunctionAnswersFunctionNotFound() throws Exception {
    try (RawWorker caller = RawWorker.connect(engine().url())) {
      String id = caller.call("missing::fn", "{}");
      assertEquals(RawWorker.parse("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"missing::fn\",\"error\":{\"code\":\"function_not_found\","
          + "\"message\":\"Function missing::fn not found\"}}"), caller.awaitResult(id));
    }
  }

  @Test
  void duplicateRegistrationLastWinsAndTheFunctionDisappearsWhenThatWorkerLeaves() throws Exception {
    String f = fn();
    try (RawWorker first = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(first, f);
      RawWorker second = RawWorker.connect(engine().url());
      register(second, f);
      assertEquals(second.workerId(), engine().functions().stream().filter(x -> x.id().equals(f)).findFirst()
          .get().ownerWorkerId());
      String id = caller.call(f, "{}");
      JsonNode call = forwarded(second, f);
      answer(second, call, "2");
      assertEquals(2, caller.awaitResult(id).get("result").asInt());
      first.barrier();
      assertTrue(first.unconsumed().isEmpty(), "no load balancing: the first registrant gets nothing");
      second.close();
      Await.condition(Duration.ofSeconds(10), () -> engine().functions().stream().noneMatch(x -> x.id().equals(f)),
          () -> f + " removed although the first registrant is still connected");
      assertEquals("function_not_found", caller.callAndWait(f, "{}").at("/error/code").asText());
    }
  }

  @Test
  void olderRegistrantLeavingDoesNotRemoveTheNewerRegistration() throws Exception {
    String f = fn();
    try (RawWorker second = RawWorker.connect(engine().url())) {
      RawWorker first = RawWorker.connect(engine().url());
      register(first, f);
      register(second, f);
      String firstId = first.workerId();
      first.close();
      Await.condition(Duration.ofSeconds(10), () -> engine().workers().stream().noneMatch(w -> w.id().equals(firstId)));
      assertTrue(engine().functions().stream().anyMatch(x -> x.id().equals(f)
          && x.ownerWorkerId().equals(second.workerId())));
    }
  }

  @Test
  void unregisterFunctionByANonOwnerIsANoOp() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker other = RawWorker.connect(engine().url())) {
      register(owner, f);
      other.send("{\"type\":\"unregisterfunction\",\"id\":\"" + f + "\"}");
      other.barrier();
      assertTrue(engine().functions().stream().anyMatch(x -> x.id().equals(f)));
      owner.send("{\"type\":\"unregisterfunction\",\"id\":\"" + f + "\"}");
      owner.barrier();
      assertTrue(engine().functions().stream().noneMatch(x -> x.id().equals(f)));
    }
  }

  @Test
  void invocationStoppedWhenTheOwnerDisconnectsMidCall() throws Exception {
    String f = fn();
    try (RawWorker caller = RawWorker.connect(engine().url())) {
      RawWorker owner = RawWorker.connect(engine().url());
      register(owner, f);
      String id = caller.call(f, "{}");
      forwarded(owner, f);
      // No engine-side timeout: the call stays pending while the owner is silent.
      caller.barrier();
      assertTrue(caller.unconsumed().isEmpty());
      owner.abort();
      assertEquals(RawWorker.parse("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id + "\",\"function_id\":\""
          + f + "\",\"error\":{\"code\":\"invocation_stopped\",\"message\":\"Invocation stopped\"}}"),
          caller.awaitResult(id));
    }
  }

  @Test
  void callerDisconnectHaltsItsCallAndTheLateResultIsDropped() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url())) {
      register(owner, f);
      RawWorker caller = RawWorker.connect(engine().url());
      caller.call(f, "{}");
      JsonNode call = forwarded(owner, f);
      String callerId = caller.workerId();
      caller.abort();
      Await.condition(Duration.ofSeconds(10), () -> engine().workers().stream().noneMatch(w -> w.id().equals(callerId)));
      long droppedBefore = engine().droppedFrames().size();
      answer(owner, call, "1"); // decoded, then ignored: nobody waits for it any more
      owner.barrier();
      assertEquals(droppedBefore, engine().droppedFrames().size());
    }
  }

  @Test
  void errorWinsOverResultAndIsPassedThroughVerbatim() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      String id = caller.call(f, "{}");
      forwarded(owner, f);
      owner.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id + "\",\"function_id\":\"" + f
          + "\",\"result\":1,\"error\":{\"code\":\"invocation_failed\",\"message\":\"boom\",\"stacktrace\":\"at x\"}}");
      JsonNode r = caller.awaitResult(id);
      assertFalse(r.has("result"));
      assertEquals(RawWorker.parse("{\"code\":\"invocation_failed\",\"message\":\"boom\",\"stacktrace\":\"at x\"}"),
          r.get("error"));
    }
  }

  @Test
  void nullResultFromTheOwnerReachesTheCallerWithoutResultKey() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url())) {
      register(owner, f);
      String id = caller.call(f, "{}");
      answer(owner, forwarded(owner, f), "null");
      JsonNode r = caller.awaitResult(id);
      assertFalse(r.has("result"));
      assertFalse(r.has("error"));
    }
  }

  @Test
  void anyConnectionMayCompleteAPendingInvocation() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker caller = RawWorker.connect(engine().url());
        RawWorker stranger = RawWorker.connect(engine().url())) {
      register(owner, f);
      String id = caller.call(f, "{}");
      answer(stranger, forwarded(owner, f), "\"from stranger\"");
      assertEquals("from stranger", caller.awaitResult(id).get("result").asText());
    }
  }

  @Test
  void reusedPendingInvocationIdFailsTheFirstWaiterWithInvocationError() throws Exception {
    String f = fn();
    try (RawWorker owner = RawWorker.connect(engine().url()); RawWorker a = RawWorker.connect(engine().url());
        RawWorker b = RawWorker.connect(engine().url())) {
      register(owner, f);
      String id = a.call(f, "{}");
      forwarded(owner, f);
      b.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"" + f + "\",\"data\":{}}");
      JsonNode first = a.awaitResult(id);
      assertEquals(RawWorker.parse("{\"code\":\"invocation_error\",\"message\":\"channel closed\"}"), first.get("error"));
      answer(owner, forwarded(owner, f), "7");
      assertEquals(7, b.awaitResult(id).get("result").asInt());
    }
  }

  @Test
  void aWorkerMayCallItsOwnFunction() throws Exception {
    String f = fn();
    try (RawWorker w = RawWorker.connect(engine().url())) {
      register(w, f);
      String id = w.call(f, "{}");
      JsonNode call = forwarded(w, f);
      assertEquals(id, call.get("invocation_id").asText());
      answer(w, call, "true");
      assertTrue(w.awaitResult(id).get("result").asBoolean());
    }
  }

  @Test
  void registrationsAreAppliedInOrderBeforeALaterCallOnTheSameSocket() throws Exception {
    String f = fn();
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"" + f + "\"}");
      String id = w.call(f, "{}"); // no wait in between: the engine reads one socket strictly in order
      answer(w, forwarded(w, f), "1");
      assertEquals(1, w.awaitResult(id).get("result").asInt());
    }
  }

  @Test
  void registrationsAreNeverAnswered() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"" + fn() + "\"}");
      w.send("{\"type\":\"registerservice\",\"id\":\"quiet\"}");
      w.send("{\"type\":\"registertriggertype\",\"id\":\"quiet-type\",\"description\":\"\"}");
      w.send("{\"type\":\"triggerregistrationresult\",\"id\":\"t\",\"trigger_type\":\"x\",\"function_id\":\"y\","
          + "\"error\":{\"code\":\"c\",\"message\":\"m\"}}");
      w.barrier();
      assertTrue(w.unconsumed().isEmpty(), w.unconsumed().toString());
    }
  }

  @Test
  void enqueueToAnUnknownQueueAnswersEnqueueError() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      String id = UUID.randomUUID().toString();
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"a::b\",\"data\":{},"
          + "\"action\":{\"type\":\"enqueue\",\"queue\":\"nope\"}}");
      assertEquals(RawWorker.parse("{\"code\":\"enqueue_error\",\"message\":\"Queue 'nope' not found\"}"),
          w.awaitResult(id).get("error"));
    }
  }

  @Test
  void servicesAreImpliedByFunctionIdsAndRemovedWithTheirLastFunction() throws Exception {
    String svc = "svc" + UUID.randomUUID().toString().substring(0, 6);
    try (RawWorker w = RawWorker.connect(engine().url())) {
      register(w, svc + "::a");
      register(w, svc + "::b::c");
      assertTrue(engine().services().stream().anyMatch(s -> s.id().equals(svc) && s.name().equals(svc)));
      w.send("{\"type\":\"unregisterfunction\",\"id\":\"" + svc + "::a\"}");
      w.barrier();
      assertTrue(engine().services().stream().anyMatch(s -> s.id().equals(svc)));
      w.send("{\"type\":\"unregisterfunction\",\"id\":\"" + svc + "::b::c\"}");
      w.barrier();
      assertTrue(engine().services().stream().noneMatch(s -> s.id().equals(svc)));
    }
  }

  @Test
  void aWorkerMayOverwriteABuiltinAndItsDisconnectRemovesIt() throws Exception {
    try (TestEngine own = TestEngine.start(); RawWorker caller = RawWorker.connect(own.url())) {
      RawWorker w = RawWorker.connect(own.url());
      w.send("{\"type\":\"registerfunction\",\"id\":\"engine::baggage::get_all\"}");
      w.barrier();
      String id = caller.call("engine::baggage::get_all", "{}");
      answer(w, forwarded(w, "engine::baggage::get_all"), "\"mine\"");
      assertEquals("mine", caller.awaitResult(id).get("result").asText());
      w.close();
      Await.condition(Duration.ofSeconds(10), () -> own.workers().size() == 1);
      assertEquals("function_not_found", caller.callAndWait("engine::baggage::get_all", "{}").at("/error/code").asText());
    }
  }
}
