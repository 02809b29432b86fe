package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.Test;

/** PROTOCOL §10.1: a trigger's {@code namespace} reaches its provider only when it is not {@code default}. */
class TriggerNamespaceForwardingTest {
  private static final String TYPE = "{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"hooks\"}";

  private static String trigger(String id, String namespaceMember) {
    return "{\"type\":\"registertrigger\",\"id\":\"" + id + "\",\"trigger_type\":\"webhook\","
        + "\"function_id\":\"hooks::on\",\"config\":{}" + namespaceMember + "}";
  }

  @Test
  void aNonDefaultNamespaceIsForwardedAndDefaultIsLeftOut() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_23);
        RawWorker consumer = RawWorker.connect(engine.url());
        RawWorker provider = RawWorker.connect(engine.url())) {
      Wire023.registerWorkerAndWait(consumer, "consumer", null);
      Wire023.registerWorkerAndWait(provider, "provider", null);
      provider.send(TYPE);
      provider.barrier();

      consumer.send(trigger("t-billing", ",\"namespace\":\"billing\""));
      JsonNode billing = provider.awaitType("registertrigger");
      assertEquals("t-billing", billing.path("id").asText());
      assertEquals("billing", billing.path("namespace").asText());

      consumer.send(trigger("t-default", ",\"namespace\":\"default\""));
      consumer.barrier();
      provider.barrier();
      JsonNode plain = Wire023.framesOfType(provider, "registertrigger").stream()
          .filter(f -> f.path("id").asText().equals("t-default")).findFirst().orElseThrow();
      assertFalse(plain.has("namespace"), "default is not sent: " + plain);
    }
  }

  @Test
  void in0116ModeNoNamespaceIsForwarded() throws Exception {
    try (TestEngine engine = Wire023.start(EngineVersion.V0_11_6);
        RawWorker consumer = RawWorker.connect(engine.url());
        RawWorker provider = RawWorker.connect(engine.url())) {
      provider.send(TYPE);
      provider.barrier();
      consumer.send(trigger("t-1", ",\"namespace\":\"billing\""));
      JsonNode forwarded = provider.awaitType("registertrigger");
      assertFalse(forwarded.has("namespace"), "0.11.6 knows no namespaces: " + forwarded);
    }
  }
}
