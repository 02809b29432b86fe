package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerRequest;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A trigger's target namespace (PROTOCOL §10.1): a 0.23 engine tells the provider where the function lives, so the
 * provider can fire it there; 0.11.6 has no namespaces and tells nothing.
 */
class TriggerNamespaceTest {

  @Test
  void underV023TheProviderLearnsTheNamespaceAndFiresTheFunctionThere() throws Exception {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III billing = III.registerWorker(engine.url(),
          InitOptions.newBuilder().workerName("billing").namespace("billing").build());
      III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("provider").build());
      try {
        billing.registerFunction(FunctionDef.json("ns::on_tick", (in, ctx) -> Map.of("fired", in.path("n").asInt())));
        CompletableFuture<TriggerConfig<JsonNode>> delivered = new CompletableFuture<>();
        provider.registerTriggerType(TriggerTypeDef.json("ns::ticker"), delivered::complete);
        await(provider.awaitRegistrations());

        billing.registerTrigger(new TriggerDef("ns::ticker", "ns::on_tick", Map.of(), null).withNamespace("billing"));
        TriggerConfig<JsonNode> cfg = delivered.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertEquals("billing", cfg.namespace());
        JsonNode fired = provider.trigger(
            TriggerRequest.of(cfg.functionId(), Map.of("n", 7)).withNamespace(cfg.namespace()));
        assertEquals(7, fired.path("fired").asInt());
      } finally {
        provider.shutdown();
        billing.shutdown();
      }
    }
  }

  @Test
  void underV0116NoNamespaceReachesTheProvider() throws Exception {
    try (TestEngine engine = engine(EngineVersion.V0_11_6)) {
      III consumer = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("consumer").build());
      III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("provider").build());
      try {
        CompletableFuture<TriggerConfig<JsonNode>> delivered = new CompletableFuture<>();
        provider.registerTriggerType(TriggerTypeDef.json("ns::ticker"), delivered::complete);
        await(provider.awaitRegistrations());

        consumer.registerTrigger(new TriggerDef("ns::ticker", "ns::on_tick", Map.of(), null).withNamespace("billing"));

        assertNull(delivered.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).namespace());
      } finally {
        provider.shutdown();
        consumer.shutdown();
      }
    }
  }
}
