package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.testkit.TestEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, must-show 5: an engine that sends garbage (invalid JSON, wrong types, non-UUID ids, missing members,
 * unknown types, deep nesting, binary and non-UTF-8 bytes, duplicate ids, results nobody waits for, invocations of
 * unknown functions, a 70 MiB message) never takes the worker down, and a concurrent caller keeps succeeding
 * meanwhile.
 */
class HostileEngineTest {

  @Test
  void garbageFramesDoNotDisturbTheWorker() throws Exception {
    attack(1_000);
  }

  @Test
  @Tag("heavy")
  void oneHundredThousandGarbageFrames() throws Exception {
    attack(100_000);
  }

  private static void attack(int frames) throws Exception {
    try (TestEngine engine = TestEngine.start();
        III target = III.registerWorker(engine.url(), InitOptions.getDefaultInstance())) {
      target.registerFunction(FunctionDef.json("hostile::echo", (in, ctx) -> in));
      await(target.awaitRegistrations(), Duration.ofSeconds(10));
      String id = target.workerId();

      // The caller is the attacked worker itself: its invocations and its results both cross the hostile stream.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      AtomicReference<Throwable> callFailure = new AtomicReference<>();
      Thread caller = new Thread(() -> {
        int i = 0;
        while (!stop.get() && callFailure.get() == null) {
          try {
            // Generous: a call's frames queue behind the flood on both sides; what must hold is that it succeeds.
            JsonNode r = target.call("hostile::echo", Map.of("n", i), JsonNode.class, Duration.ofSeconds(60));
            if (r.path("n").asInt() != i) {
              throw new AssertionError("wrong answer " + r + " for " + i);
            }
            ok.incrementAndGet();
            i++;
          } catch (Throwable t) {
            callFailure.set(t);
          }
        }
      }, "hostile-caller");
      caller.start();
      try {
        List<Object> garbage = garbage();
        for (int i = 0; i < frames; i++) {
          Object g = garbage.get(i % garbage.size());
          if (g instanceof String s) {
            engine.sendRaw(id, s.replace("@UUID@", UUID.randomUUID().toString()));
          } else {
            engine.sendRaw(id, (byte[]) g);
          }
        }
        // Once: 10^5-deep nesting (a parser without a depth limit would overflow its stack).
        engine.sendRaw(id, "[".repeat(100_000) + "]".repeat(100_000));
        engine.sendRaw(id, "{\"type\":\"invocationresult\",\"invocation_id\":\"" + UUID.randomUUID()
            + "\",\"result\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        // Once: a 70 MiB message, above the SDK's 64 MiB inbound cap (and the real engine's own limit). It is
        // dropped and drained; the connection and the calls on it carry on.
        engine.sendRaw(id, hugeInvocation());
        int before = ok.get();
        awaitCondition(Duration.ofSeconds(90), () -> ok.get() >= before + 20 || callFailure.get() != null,
            "the caller keeps succeeding after the garbage");
      } finally {
        stop.set(true);
        caller.join(TimeUnit.SECONDS.toMillis(65));
      }
      if (callFailure.get() != null) {
        throw new AssertionError("a concurrent call failed during the attack", callFailure.get());
      }
      assertEquals(ConnectionState.CONNECTED, target.connectionState());
      assertEquals(id, target.workerId(), "the connection was never dropped");
      assertEquals("still here", target.call("hostile::echo", "still here").asText());
    }
  }

  @Test
  void anInvocationOfAnUnknownFunctionIsAnsweredFunctionNotFound() throws Exception {
    try (TestEngine engine = TestEngine.start();
        III target = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
        III caller = III.registerWorker(engine.url(), InitOptions.getDefaultInstance())) {
      CompletableFuture<String> invocationId = new CompletableFuture<>();
      CountDownLatch release = new CountDownLatch(1);
      target.registerFunction(FunctionDef.json("hostile::hold", (in, ctx) -> {
        invocationId.complete(ctx.invocationId());
        release.await(10, TimeUnit.SECONDS);
        return "late";
      }));
      await(target.awaitRegistrations(), Duration.ofSeconds(10));
      try {
        CompletionStage<JsonNode> call = caller.callAsync("hostile::hold", Map.of());
        String x = invocationId.get(10, TimeUnit.SECONDS);
        // The engine routes results by the caller's invocation id: the target's answer to this rogue invocation
        // reaches the waiting caller, which shows what the target answered.
        engine.sendRaw(target.workerId(), "{\"type\":\"invokefunction\",\"invocation_id\":\"" + x
            + "\",\"function_id\":\"hostile::nobody\",\"data\":{}}");
        InvocationException e = assertInstanceOf(InvocationException.class, failureOf(call, Duration.ofSeconds(10)));
        assertEquals(ErrorCodes.FUNCTION_NOT_FOUND, e.code());
      } finally {
        release.countDown();
      }
      assertEquals(ConnectionState.CONNECTED, target.connectionState());
    }
  }

  /** An {@code invokefunction} of the echo function whose JSON is 70 MiB: a huge data string. */
  private static String hugeInvocation() {
    String head = "{\"type\":\"invokefunction\",\"invocation_id\":\"" + UUID.randomUUID()
        + "\",\"function_id\":\"hostile::echo\",\"data\":\"";
    String tail = "\"}";
    int size = 70 * 1024 * 1024;
    StringBuilder sb = new StringBuilder(size);
    sb.append(head);
    sb.append("x".repeat(size - head.length() - tail.length()));
    sb.append(tail);
    return sb.toString();
  }

  /** One of each kind of bad frame; {@code @UUID@} is replaced by a fresh id per send. */
  private static List<Object> garbage() {
    return List.of(
        "{not json",
        "",
        "null",
        "[1,2,3]",
        "{\"type\":42}",
        "{\"type\":\"invocationresult\",\"invocation_id\":12345,\"result\":\"x\"}",
        "{\"type\":\"invocationresult\",\"invocation_id\":\"not-a-uuid\",\"result\":1}",
        "{\"type\":\"invocationresult\",\"invocation_id\":\"@UUID@\",\"result\":{\"nobody\":\"waits\"}}",
        "{\"type\":\"invocationresult\",\"invocation_id\":\"@UUID@\",\"error\":\"not an object\"}",
        "{\"type\":\"invokefunction\",\"function_id\":\"hostile::echo\"}",
        "{\"type\":\"invokefunction\",\"invocation_id\":\"@UUID@\",\"function_id\":7,\"data\":{}}",
        "{\"type\":\"invokefunction\",\"invocation_id\":\"zzz\",\"function_id\":\"hostile::echo\",\"data\":{}}",
        "{\"type\":\"invokefunction\",\"invocation_id\":\"@UUID@\",\"function_id\":\"hostile::unknown\",\"data\":{}}",
        "{\"type\":\"workerregistered\"}",
        "{\"type\":\"workerregistered\",\"worker_id\":[]}",
        "{\"type\":\"registertrigger\",\"id\":null}",
        "{\"type\":\"no-such-type\",\"x\":1}",
        "{\"type\":\"pong\"}",
        "{\"type\":\"error\"}",
        new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2},
        new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}, // invalid UTF-8
        "{\"type\":\"invocationresult\",\"invocation_id\":\"@UUID@\",\"result\":\"\uD800\"}".getBytes(
            StandardCharsets.UTF_8));
  }
}
