package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Triggers registered before their type exists (PROTOCOL §10.5), and refusals shown on {@link TriggerRef}. */
class ParkedTriggerTest {

  @Test
  void underV023ATriggerRegisteredBeforeItsTypeIsActivatedWhenTheTypeAppears() throws Exception {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III consumer = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("consumer").build());
      III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("provider").build());
      try {
        consumer.registerFunction(FunctionDef.json("park::fn", (in, ctx) -> Map.of()));
        TriggerRef ref = consumer.registerTrigger(new TriggerDef("park::type", "park::fn", Map.of("k", "v"), null));
        await(consumer.awaitRegistrations());

        CompletableFuture<TriggerConfig<JsonNode>> delivered = new CompletableFuture<>();
        provider.registerTriggerType(TriggerTypeDef.json("park::type"), delivered::complete);
        await(provider.awaitRegistrations());

        TriggerConfig<JsonNode> got = delivered.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(ref.id(), got.id());
        assertEquals("park::fn", got.functionId());
        assertEquals("v", got.config().path("k").asText());
        assertTrue(ref.registrationError().isEmpty(), "accepted: " + ref.registrationError());
      } finally {
        provider.shutdown();
        consumer.shutdown();
      }
    }
  }

  @Test
  void underV0116ATriggerRegisteredBeforeItsTypeIsDropped() {
    try (TestEngine engine = engine(EngineVersion.V0_11_6)) {
      III consumer = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("consumer").build());
      III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("provider").build());
      try {
        consumer.registerFunction(FunctionDef.json("park::fn", (in, ctx) -> Map.of()));
        consumer.registerTrigger(new TriggerDef("park::type", "park::fn", Map.of("k", "v"), null));
        await(consumer.awaitRegistrations());

        List<TriggerConfig<JsonNode>> delivered = new CopyOnWriteArrayList<>();
        provider.registerTriggerType(TriggerTypeDef.json("park::type"), delivered::add);
        await(provider.awaitRegistrations());
        // A trigger this provider registers now is delivered; once it is, an earlier parked one would have been too.
        consumer.registerTrigger(new TriggerDef("park::type", "park::fn", Map.of("k", "marker"), null));
        V023Support.awaitCondition(TIMEOUT, () -> delivered.stream()
            .anyMatch(t -> t.config().path("k").asText().equals("marker")), "the later trigger delivered");

        assertFalse(delivered.stream().anyMatch(t -> t.config().path("k").asText().equals("v")),
            "0.11.6 does not keep a trigger for a type registered later: " + delivered);
      } finally {
        provider.shutdown();
        consumer.shutdown();
      }
    }
  }

  @Test
  void underV023AProviderRefusalIsShownOnTheTriggerRef() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III consumer = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("consumer").build());
      III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("provider").build());
      try {
        provider.registerTriggerType(TriggerTypeDef.json("refuse::type"), t -> {
          throw new IllegalStateException("no such topic " + t.config().path("topic").asText());
        });
        await(provider.awaitRegistrations());
        consumer.registerFunction(FunctionDef.json("refuse::fn", (in, ctx) -> Map.of()));
        TriggerRef ref = consumer.registerTrigger(
            new TriggerDef("refuse::type", "refuse::fn", Map.of("topic", "nope"), null));
        await(consumer.awaitRegistrations());

        V023Support.awaitCondition(TIMEOUT, () -> ref.registrationError().isPresent(), "refusal reported");
        String why = ref.registrationError().orElseThrow().getMessage();
        assertTrue(why.contains("no such topic nope"), why);
        assertTrue(why.contains(ref.id()), why);
      } finally {
        provider.shutdown();
        consumer.shutdown();
      }
    }
  }
}
