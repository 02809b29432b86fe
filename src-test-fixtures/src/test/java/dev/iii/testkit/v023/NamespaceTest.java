package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.ManualClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Registration buffering and namespace resolution of calls (PROTOCOL §10.1, §10.3). */
class NamespaceTest {

  @Test
  void registrationsWaitForWorkersRegisterAndLandInItsNamespace() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker callee = RawWorker.connect(engine.url());
        RawWorker caller = RawWorker.connect(engine.url())) {
      callee.send(Wire023.registerFunction("bill::charge")); // before engine::workers::register: buffered
      callee.barrier();
      assertTrue(engine.functions().isEmpty(), "buffered");
      assertNull(engine.workerNamespace(callee.workerId()));

      Wire023.registerWorkerAndWait(callee, "biller", "\"billing\"");
      assertEquals("billing", engine.workerNamespace(callee.workerId()));
      assertEquals(1, engine.functionsIn("billing").size());
      assertTrue(engine.functionsIn("default").isEmpty());

      // Absent namespace = default, never the caller's: not found, and the message names the namespace.
      Wire023.registerWorkerAndWait(caller, "caller", "\"billing\"");
      JsonNode miss = caller.callAndWait("bill::charge", "{}");
      assertEquals("function_not_found", miss.path("error").path("code").asText());
      String message = miss.path("error").path("message").asText();
      assertTrue(message.contains("'default'") && message.contains("billing"), message);

      // With the namespace and metadata: reaches the callee, metadata beside data.
      String id = java.util.UUID.randomUUID().toString();
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"bill::charge\","
          + "\"namespace\":\"billing\",\"data\":{\"amount\":3},\"metadata\":{\"tenant\":\"t1\"}}");
      JsonNode invoke = callee.awaitType("invokefunction");
      assertEquals("t1", invoke.path("metadata").path("tenant").asText());
      assertEquals(3, invoke.path("data").path("amount").asInt());
      assertTrue(!invoke.path("data").has("metadata"), "not merged into data");
      callee.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"bill::charge\",\"result\":\"ok\"}");
      assertEquals("ok", caller.awaitResult(id).path("result").asText());
    }
  }

  @Test
  void withoutWorkersRegisterTheBufferIsAppliedInDefaultAfterTheGrace() throws Exception {
    ManualClock clock = EngineClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().engineVersion(EngineVersion.V0_23)
            .clock(clock).registrationNamespaceGrace(Duration.ofSeconds(2)).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      w.send(Wire023.registerFunction("a::one"));
      w.send("{\"type\":\"unregisterfunction\",\"id\":\"a::one\"}");
      w.send(Wire023.registerFunction("a::two"));
      w.barrier();
      assertTrue(engine.functions().isEmpty());
      clock.advance(Duration.ofMillis(1999));
      assertTrue(engine.functions().isEmpty(), "still within the grace");
      clock.advance(Duration.ofMillis(1));
      engine.awaitFunction("a::two", Duration.ofSeconds(10));
      // Applied in order: a::one was registered, then unregistered.
      assertEquals(java.util.List.of("a::two"), engine.functions().stream().map(f -> f.id()).toList());
      assertEquals("default", engine.workerNamespace(w.workerId()));
    }
  }

  @Test
  void blankNamespacesAreRefused() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker w = RawWorker.connect(engine.url())) {
      JsonNode register = Wire023.registerWorkerAndWait(w, "w", "\" \"");
      assertEquals("INVALID_NAMESPACE", register.path("error").path("code").asText());
      String id = java.util.UUID.randomUUID().toString();
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"engine::functions::list\",\"namespace\":\"\\t\",\"data\":{}}");
      assertEquals("INVALID_NAMESPACE", w.awaitResult(id).path("error").path("code").asText());
    }
  }

  @Test
  void in0116ModeRegistrationsApplyAtOnceAndNamespacesAreIgnored() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker callee = RawWorker.connect(engine.url());
        RawWorker caller = RawWorker.connect(engine.url())) {
      callee.send(Wire023.registerFunction("bill::charge"));
      callee.barrier();
      assertEquals(1, engine.functions().size());
      String id = java.util.UUID.randomUUID().toString();
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"bill::charge\","
          + "\"namespace\":\"elsewhere\",\"data\":{},\"metadata\":{\"m\":1}}");
      JsonNode invoke = callee.awaitType("invokefunction");
      assertTrue(!invoke.has("metadata"), "0.11.6 does not know metadata");
    }
  }
}
