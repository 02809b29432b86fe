package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.awaitCondition;
import static dev.iii.sdk.v023.V023Support.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.TriggerRequest;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@code namespace} and {@code metadata} on calls (PROTOCOL §10.1/§10.3), and what 0.11.6 does with them. */
class NamespacedCallTest {

  @Test
  void underV023ACallFindsTheFunctionOnlyInTheNamespaceItNamesAndCarriesMetadata() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III callee = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee")
          .namespace("orders").build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(FunctionDef.json("nsc::f",
            (in, ctx) -> Map.of("metadata", ctx.metadata() == null ? NullNode.getInstance() : ctx.metadata())));
        await(callee.awaitRegistrations());
        awaitCondition(TIMEOUT, () -> engine.functionsIn("orders").stream().anyMatch(f -> f.id().equals("nsc::f")),
            "registered in orders");
        ObjectNode md = JsonNodeFactory.instance.objectNode().put("tenant", "acme");

        JsonNode out = caller.trigger(TriggerRequest.of("nsc::f", Map.of()).withNamespace("orders").withMetadata(md));
        assertEquals("acme", out.path("metadata").path("tenant").asText());
        JsonNode plain = caller.trigger(TriggerRequest.of("nsc::f", Map.of()).withNamespace("orders"));
        assertTrue(plain.path("metadata").isNull(), "no metadata when none was sent: " + plain);

        // Absent namespace means "default", never the caller's or the callee's: not found there.
        CompletionException e = assertThrows(CompletionException.class,
            () -> caller.triggerAsync(TriggerRequest.of("nsc::f", Map.of())).toCompletableFuture().join());
        InvocationException notFound = assertInstanceOf(InvocationException.class, e.getCause());
        assertTrue(notFound.code().toLowerCase().contains("not_found"), notFound.toString());
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    }
  }

  @Test
  void underV0116NamespaceAndMetadataAreIgnored() {
    try (TestEngine engine = engine(EngineVersion.V0_11_6)) {
      III callee = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("callee")
          .namespace("orders").build());
      III caller = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("caller").build());
      try {
        callee.registerFunction(FunctionDef.json("nsc::f",
            (in, ctx) -> Map.of("metadata", ctx.metadata() == null ? NullNode.getInstance() : ctx.metadata())));
        await(callee.awaitRegistrations());
        ObjectNode md = JsonNodeFactory.instance.objectNode().put("tenant", "acme");
        JsonNode out = caller.trigger(TriggerRequest.of("nsc::f", Map.of()).withNamespace("elsewhere").withMetadata(md));
        assertTrue(out.path("metadata").isNull(), "0.11.6 does not forward metadata: " + out);
        assertTrue(caller.call("nsc::f", Map.of()).path("metadata").isNull());
      } finally {
        caller.shutdown();
        callee.shutdown();
      }
    }
  }

  @Test
  void blankNamespaceAndNullMetadataAreRefusedLocally() {
    TriggerRequest r = TriggerRequest.of("x::y", null);
    assertThrows(IllegalArgumentException.class, () -> r.withNamespace(" "));
    assertThrows(IllegalArgumentException.class, () -> r.withMetadata(NullNode.getInstance()));
    dev.iii.sdk.TriggerDef t = dev.iii.sdk.TriggerDef.of("cron", "x::y", null);
    assertThrows(IllegalArgumentException.class, () -> t.withNamespace(""));
    assertEquals("orders", t.withNamespace("orders").namespace());
    assertEquals(null, t.namespace());
  }
}
