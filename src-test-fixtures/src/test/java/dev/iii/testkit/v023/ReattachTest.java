package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code reattach} (PROTOCOL §10.2): a worker whose network dropped silently reconnects while the engine still
 * holds its stale connection; with the token it evicts that connection instead of conflicting with itself.
 */
class ReattachTest {

  @Test
  void reattachWithTokenEvictsTheStaleConnectionSoTheReplayIsNotAConflict() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker stale = RawWorker.connect(engine.url())) {
      String token = Wire023.reattachToken(stale);
      assertNotNull(token, "0.23 workerregistered carries reattach_token");
      assertFalse(token.isBlank());
      Wire023.registerWorkerAndWait(stale, "orders", null);
      stale.send(Wire023.registerFunction("orders::create"));
      stale.barrier();
      // The network "drops silently": the stale socket is never closed, so the engine still sees it live.
      try (RawWorker fresh = RawWorker.connect(engine.url())) {
        fresh.send("{\"type\":\"reattach\",\"previous_worker_id\":\"" + stale.workerId() + "\",\"reattach_token\":\""
            + token + "\"}");
        JsonNode registered = Wire023.registerWorkerAndWait(fresh, "orders", null);
        assertTrue(registered.has("result"), registered.toString());
        fresh.send(Wire023.registerFunction("orders::create"));
        fresh.barrier();

        assertTrue(Wire023.framesOfType(fresh, "registrationrejected").isEmpty(), "no self-conflict");
        assertEquals(fresh.workerId(), engine.functions().stream()
            .filter(f -> f.id().equals("orders::create")).findFirst().orElseThrow().ownerWorkerId());
        assertTrue(engine.workers().stream().noneMatch(w -> w.id().equals(stale.workerId())), "stale one evicted");
        stale.closedFuture().get(10, TimeUnit.SECONDS); // its socket is dropped too
        assertEquals(0, engine.droppedFrames().size(), engine.droppedFrames().toString());
      }
    }
  }

  @Test
  void reattachWithAWrongTokenIsIgnoredAndTheReplayConflicts() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker first = RawWorker.connect(engine.url());
        RawWorker second = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(first, "orders", null);
      first.send(Wire023.registerFunction("orders::create"));
      first.barrier();
      second.send("{\"type\":\"reattach\",\"previous_worker_id\":\"" + first.workerId()
          + "\",\"reattach_token\":\"not-the-token\"}");
      Wire023.registerWorkerAndWait(second, "billing", null);
      second.send(Wire023.registerFunction("orders::create"));
      JsonNode rejected = second.awaitType("registrationrejected");
      assertEquals("FUNCTION_NAMESPACE_CONFLICT", rejected.path("code").asText());
      assertEquals(first.workerId(), rejected.path("owner_worker_id").asText());
      assertTrue(engine.workers().stream().anyMatch(w -> w.id().equals(first.workerId())), "first stays");
    }
  }

  @Test
  void in0116ModeReattachIsAnUndecodableFrameAndNothingIsEvicted() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker stale = RawWorker.connect(engine.url())) {
      assertNull(Wire023.reattachToken(stale), "0.11.6 workerregistered has no reattach_token");
      stale.send(Wire023.registerFunction("orders::create"));
      stale.barrier();
      try (RawWorker fresh = RawWorker.connect(engine.url())) {
        fresh.send("{\"type\":\"reattach\",\"previous_worker_id\":\"" + stale.workerId()
            + "\",\"reattach_token\":\"x\"}");
        fresh.barrier();
        assertEquals(1, engine.droppedFrames().size());
        assertTrue(engine.droppedFrames().get(0).reason().contains("unknown variant `reattach`"),
            engine.droppedFrames().get(0).reason());
        assertTrue(engine.workers().stream().anyMatch(w -> w.id().equals(stale.workerId())), "stale one stays");
        assertFalse(stale.closedFuture().isDone());
      }
    }
  }
}
