package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.TIMEOUT;
import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.awaitCondition;
import static dev.iii.sdk.v023.V023Support.engine;
import static dev.iii.sdk.v023.V023Support.events;
import static dev.iii.sdk.v023.V023Support.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.WorkerFailedException;
import dev.iii.testkit.EngineFunction;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@code registrationrejected} (PROTOCOL §10.2/§10.5) as the SDK surfaces it, and the 0.11.6 behaviour beside it. */
class RegistrationConflictTest {

  @Test
  void underV023ASecondExporterOfAFunctionGetsAWarningEventAndStaysConnected() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III first = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("first").build());
      III second = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("second").build());
      try {
        List<ConnectionEvent> events = events(second);
        first.registerFunction(FunctionDef.json("dup::f", (in, ctx) -> Map.of("from", "first")));
        await(first.awaitRegistrations());
        second.registerFunction(FunctionDef.json("dup::f", (in, ctx) -> Map.of("from", "second")));
        await(second.awaitRegistrations());

        awaitCondition(TIMEOUT, () -> !ofKind(events, ConnectionEvent.Kind.REGISTRATION_REJECTED).isEmpty(),
            "REGISTRATION_REJECTED event");
        ConnectionEvent e = ofKind(events, ConnectionEvent.Kind.REGISTRATION_REJECTED).get(0);
        assertNotNull(e.cause());
        String why = e.cause().getMessage();
        assertTrue(why.contains("FUNCTION_NAMESPACE_CONFLICT"), why);
        assertTrue(why.contains("dup::f"), why);
        assertTrue(why.contains(first.workerId()), "names the owner: " + why);
        assertEquals(ConnectionState.CONNECTED, second.connectionState(), "a function conflict is not fatal");
        assertEquals(first.workerId(), owner(engine, "dup::f"), "first live owner wins");
        assertEquals("first", second.call("dup::f", Map.of()).path("from").asText());
      } finally {
        second.shutdown();
        first.shutdown();
      }
    }
  }

  @Test
  void underV0116TheSecondExporterSilentlyTakesTheFunctionOver() {
    try (TestEngine engine = engine(EngineVersion.V0_11_6)) {
      III first = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("first").build());
      III second = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("second").build());
      try {
        List<ConnectionEvent> events = events(second);
        first.registerFunction(FunctionDef.json("dup::f", (in, ctx) -> Map.of("from", "first")));
        await(first.awaitRegistrations());
        second.registerFunction(FunctionDef.json("dup::f", (in, ctx) -> Map.of("from", "second")));
        await(second.awaitRegistrations());

        assertEquals(second.workerId(), owner(engine, "dup::f"), "last writer wins in 0.11.6");
        assertEquals("second", first.call("dup::f", Map.of()).path("from").asText());
        assertTrue(ofKind(events, ConnectionEvent.Kind.REGISTRATION_REJECTED).isEmpty(), events.toString());
      } finally {
        second.shutdown();
        first.shutdown();
      }
    }
  }

  @Test
  void underV023ADuplicateWorkerNameEndsInFailedWithTheReasonAndCallsFailTyped() {
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III first = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("same-name").build());
      III second = null;
      try {
        // Whether the rejection lands before or after the connect future completes, the worker must end FAILED.
        try {
          second = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("same-name")
              .reconnection(V023Support.fastRetries()).build());
        } catch (WorkerFailedException e) {
          assertReason(e);
          return;
        }
        III s = second;
        awaitCondition(TIMEOUT, () -> s.connectionState() == ConnectionState.FAILED, "FAILED after the rejection");
        CompletionException call =
            assertThrows(CompletionException.class, () -> s.callAsync("x::y", Map.of()).toCompletableFuture().join());
        WorkerFailedException failed = assertInstanceOf(WorkerFailedException.class, call.getCause());
        assertReason(failed);
        assertEquals(ConnectionState.CONNECTED, first.connectionState(), "the first owner of the name is unharmed");
      } finally {
        if (second != null) second.shutdown();
        first.shutdown();
      }
    }
  }

  @Test
  void underV0116ADuplicateWorkerNameIsAllowed() {
    try (TestEngine engine = engine(EngineVersion.V0_11_6)) {
      III first = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("same-name").build());
      III second = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("same-name").build());
      try {
        second.registerFunction(FunctionDef.json("n::f", (in, ctx) -> Map.of("ok", true)));
        await(second.awaitRegistrations());
        assertTrue(first.call("n::f", Map.of()).path("ok").asBoolean());
        assertEquals(ConnectionState.CONNECTED, second.connectionState());
      } finally {
        second.shutdown();
        first.shutdown();
      }
    }
  }

  private static void assertReason(WorkerFailedException e) {
    String why = e.getMessage();
    assertTrue(why.contains("WORKER_NAMESPACE_CONFLICT"), why);
    assertTrue(why.contains("same-name"), "names the worker: " + why);
  }

  private static String owner(TestEngine engine, String functionId) {
    return engine.functions().stream().filter(f -> f.id().equals(functionId)).map(EngineFunction::ownerWorkerId)
        .findFirst().orElseThrow();
  }
}
