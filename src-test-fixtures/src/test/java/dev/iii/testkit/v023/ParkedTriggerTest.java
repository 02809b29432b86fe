package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.Test;

/** Triggers of a type nobody provides yet (PROTOCOL §10.3): parked in 0.23, dropped in 0.11.6. */
class ParkedTriggerTest {
  private static final String TRIGGER = "{\"type\":\"registertrigger\",\"id\":\"t-1\",\"trigger_type\":\"webhook\","
      + "\"function_id\":\"hooks::on\",\"config\":{\"path\":\"/x\"}}";
  private static final String TYPE = "{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"hooks\"}";

  @Test
  void aTriggerRegisteredBeforeItsTypeIsActivatedWhenTheTypeAppears() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker consumer = RawWorker.connect(engine.url());
        RawWorker provider = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(consumer, "consumer", null);
      Wire023.registerWorkerAndWait(provider, "provider", null);
      consumer.send(TRIGGER);
      consumer.barrier();
      assertEquals(1, engine.triggers().size(), "parked, i.e. kept");

      provider.send(TYPE);
      JsonNode forwarded = provider.awaitType("registertrigger");
      assertEquals("t-1", forwarded.path("id").asText());
      assertEquals("hooks::on", forwarded.path("function_id").asText());
      assertEquals("/x", forwarded.path("config").path("path").asText());
    }
  }

  @Test
  void in0116ModeATriggerOfAnUnknownTypeIsDropped() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker consumer = RawWorker.connect(engine.url());
        RawWorker provider = RawWorker.connect(engine.url())) {
      consumer.send(TRIGGER);
      consumer.barrier();
      assertTrue(engine.triggers().isEmpty());
      provider.send(TYPE);
      provider.barrier(); // the replay would have been queued before the barrier's result
      assertTrue(Wire023.framesOfType(provider, "registertrigger").isEmpty());
    }
  }

  @Test
  void aProviderErrorIsForwardedToTheRegisteringWorkerAndTheTriggerStaysParked() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker consumer = RawWorker.connect(engine.url());
        RawWorker provider = RawWorker.connect(engine.url());
        RawWorker stranger = RawWorker.connect(engine.url())) {
      for (RawWorker w : new RawWorker[] {consumer, provider, stranger}) {
        Wire023.registerWorkerAndWait(w, "w-" + w.workerId(), null);
      }
      provider.send(TYPE);
      provider.barrier();
      consumer.send(TRIGGER);
      provider.awaitType("registertrigger");
      String result = "{\"type\":\"triggerregistrationresult\",\"id\":\"t-1\",\"trigger_type\":\"webhook\","
          + "\"function_id\":\"hooks::on\",\"error\":{\"code\":\"bad_config\",\"message\":\"no such path\"}}";
      // Only the type's provider may report: a stranger's result is ignored.
      stranger.send(result.replace("no such path", "from a stranger"));
      stranger.barrier();
      provider.send(result);
      JsonNode forwarded = consumer.awaitType("triggerregistrationresult");
      assertEquals("t-1", forwarded.path("id").asText());
      assertEquals("bad_config", forwarded.path("error").path("code").asText());
      assertEquals("no such path", forwarded.path("error").path("message").asText());
      consumer.barrier();
      assertEquals(1, Wire023.framesOfType(consumer, "triggerregistrationresult").size());
      assertEquals(1, engine.triggers().size(), "re-parked, not removed");

      // Re-parked: a new provider of the type gets it again.
      provider.close();
      try (RawWorker next = RawWorker.connect(engine.url())) {
        Wire023.registerWorkerAndWait(next, "next", null);
        next.send(TYPE);
        assertEquals("t-1", next.awaitType("registertrigger").path("id").asText());
      }
    }
  }

  @Test
  void aBlankTriggerNamespaceIsRefused() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker consumer = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(consumer, "consumer", null);
      consumer.send(TRIGGER.replace("\"config\"", "\"namespace\":\"  \",\"config\""));
      JsonNode refused = consumer.awaitType("triggerregistrationresult");
      assertEquals("INVALID_NAMESPACE", refused.path("error").path("code").asText());
      assertTrue(engine.triggers().isEmpty());
    }
  }
}
