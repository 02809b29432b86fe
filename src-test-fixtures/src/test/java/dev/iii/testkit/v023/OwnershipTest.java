package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Function ownership and worker names (PROTOCOL §10.2, §10.3), with the 0.11.6 contrast. */
class OwnershipTest {

  @Test
  void aSecondExporterOfAFunctionIsRejectedAndStaysConnected() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker owner = RawWorker.connect(engine.url());
        RawWorker other = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(owner, "a", null);
      Wire023.registerWorkerAndWait(other, "b", null);
      owner.send(Wire023.registerFunction("orders::create"));
      owner.barrier();
      other.send(Wire023.registerFunction("orders::create"));
      JsonNode rejected = other.awaitType("registrationrejected");
      assertEquals("FUNCTION_NAMESPACE_CONFLICT", rejected.path("code").asText());
      assertEquals("default", rejected.path("namespace").asText());
      assertEquals("orders::create", rejected.path("function_id").asText());
      assertEquals(owner.workerId(), rejected.path("owner_worker_id").asText());

      // Still up, and calls still reach the first owner.
      String call = other.call("orders::create", "{}");
      JsonNode invoke = owner.awaitType("invokefunction");
      owner.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.path("invocation_id").asText()
          + "\",\"function_id\":\"orders::create\",\"result\":1}");
      assertEquals(1, other.awaitResult(call).path("result").asInt());
      assertFalse(other.closedFuture().isDone());

      // Once the owner is gone the id is free again.
      owner.close();
      Await.condition(Duration.ofSeconds(10), () -> engine.functions().isEmpty());
      other.send(Wire023.registerFunction("orders::create"));
      other.barrier();
      assertEquals(other.workerId(), engine.functions().get(0).ownerWorkerId());
    }
  }

  @Test
  void in0116ModeTheLastWriterWins() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker owner = RawWorker.connect(engine.url());
        RawWorker other = RawWorker.connect(engine.url())) {
      owner.send(Wire023.registerFunction("orders::create"));
      owner.barrier();
      other.send(Wire023.registerFunction("orders::create"));
      other.barrier();
      assertTrue(Wire023.framesOfType(other, "registrationrejected").isEmpty());
      assertEquals(other.workerId(), engine.functions().get(0).ownerWorkerId());
    }
  }

  @Test
  void aDuplicateWorkerNameInANamespaceIsRejectedAndClosed() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker first = RawWorker.connect(engine.url());
        RawWorker elsewhere = RawWorker.connect(engine.url());
        RawWorker duplicate = RawWorker.connect(engine.url())) {
      assertTrue(Wire023.registerWorkerAndWait(first, "orders", null).has("result"));
      // The same name in another namespace is a different worker.
      assertTrue(Wire023.registerWorkerAndWait(elsewhere, "orders", "\"billing\"").has("result"));
      assertEquals("billing", engine.workerNamespace(elsewhere.workerId()));

      duplicate.send(Wire023.registerFunction("orders::list")); // buffered, then discarded with the worker
      Wire023.registerWorker(duplicate, "orders", "\"default\"");
      JsonNode rejected = duplicate.awaitType("registrationrejected");
      assertEquals("WORKER_NAMESPACE_CONFLICT", rejected.path("code").asText());
      assertEquals("default", rejected.path("namespace").asText());
      assertEquals("orders", rejected.path("worker_name").asText());
      assertEquals(first.workerId(), rejected.path("owner_worker_id").asText());
      assertEquals(1000, duplicate.closedFuture().get(10, TimeUnit.SECONDS));
      Await.condition(Duration.ofSeconds(10),
          () -> engine.workers().stream().noneMatch(w -> w.id().equals(duplicate.workerId())));
      assertTrue(engine.functions().isEmpty(), engine.functions().toString());
    }
  }

  @Test
  void in0116ModeDuplicateWorkerNamesAreFine() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker first = RawWorker.connect(engine.url());
        RawWorker second = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(first, "orders", null);
      assertTrue(Wire023.registerWorkerAndWait(second, "orders", null).has("result"));
      second.barrier();
      assertTrue(Wire023.framesOfType(second, "registrationrejected").isEmpty());
      assertEquals(2, engine.workers().stream().filter(w -> "orders".equals(w.name())).count());
    }
  }

  @Test
  void engineIdsOutsideDefaultAreRejectedWithoutOwner() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker w = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(w, "x", "\"tenant-a\"");
      w.send(Wire023.registerFunction("engine::functions::list"));
      JsonNode rejected = w.awaitType("registrationrejected");
      assertEquals("FUNCTION_NAMESPACE_CONFLICT", rejected.path("code").asText());
      assertEquals("tenant-a", rejected.path("namespace").asText());
      assertEquals("", rejected.path("owner_worker_id").asText());
      assertTrue(engine.functionsIn("tenant-a").isEmpty());
    }
  }
}
