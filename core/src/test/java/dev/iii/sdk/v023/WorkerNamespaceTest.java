package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.awaitCondition;
import static dev.iii.sdk.v023.V023Support.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's namespace (PROTOCOL §10.1/§10.3) from {@link InitOptions} or {@code III_NAMESPACE}. */
class WorkerNamespaceTest {

  @Test
  void theNamespaceFromOptionsScopesTheWorkersFunctions() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("ns-worker")
          .namespace("orders").build());
      try {
        worker.registerFunction(FunctionDef.json("ns::f", (in, ctx) -> Map.of()));
        await(worker.awaitRegistrations());
        awaitCondition(TIMEOUT, () -> "orders".equals(engine.workerNamespace(worker.workerId())), "namespace set");
        awaitCondition(TIMEOUT, () -> engine.functionsIn("orders").stream().anyMatch(f -> f.id().equals("ns::f")),
            "function registered in its worker's namespace");
        assertTrue(engine.functionsIn("default").stream().noneMatch(f -> f.id().equals("ns::f")));
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void theNamespaceDefaultsToIIINamespaceAndAnExplicitOneWins() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III fromEnv = WorkerRuntime.registerBlocking(null, engine.url(),
          InitOptions.newBuilder().workerName("env-ns").build(), Map.of("III_NAMESPACE", "billing")::get);
      III explicit = WorkerRuntime.registerBlocking(null, engine.url(),
          InitOptions.newBuilder().workerName("explicit-ns").namespace("orders").build(),
          Map.of("III_NAMESPACE", "billing")::get);
      III none = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("no-ns").build());
      try {
        awaitCondition(TIMEOUT, () -> "billing".equals(engine.workerNamespace(fromEnv.workerId())), "from env");
        awaitCondition(TIMEOUT, () -> "orders".equals(engine.workerNamespace(explicit.workerId())), "explicit");
        await(none.awaitRegistrations());
        String noneNs = engine.workerNamespace(none.workerId());
        assertTrue(noneNs == null || noneNs.equals("default"), "no namespace sent: " + noneNs);
        assertEquals(ConnectionState.CONNECTED, fromEnv.connectionState());
      } finally {
        none.shutdown();
        explicit.shutdown();
        fromEnv.shutdown();
      }
    }
  }

  @Test
  void aBlankNamespaceIsRefusedLocally() {
    assertThrows(IllegalArgumentException.class, () -> InitOptions.newBuilder().namespace("  "));
    assertNull(InitOptions.newBuilder().build().namespace());
  }
}
