package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.internal.wire.Vectors.Vector;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame the engine sends ({@code e2w-*}) decodes to the right message, whatever the member order. */
class EngineToWorkerVectorsTest {

  private static final UUID INV = UUID.fromString("0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11");
  private static final UUID TRIGGER_INV = UUID.fromString("3f2e1d0c-b4a5-4c6d-8e7f-90a1b2c3d4e5");
  private static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";
  private static final String TRIGGER_ID = "9d4b2c8e-1f3a-4e7b-8c2d-5a6b7c8d9e0f";

  static List<Vector> vectors() {
    return Vectors.load("", "e2w-");
  }

  /**
   * The expected record per file, typed members written out by hand. Opaque JSON members (data, result, config,
   * metadata) are taken from the frame: the codec passes them through, and their contents are checked separately.
   */
  private static final Map<String, Function<JsonNode, WireMessage>> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "e2w-error-auth-no-result.json",
              f -> new WireMessage.EngineError(new ErrorBody("AUTH_ERROR", "auth function returned no result", null))),
          Map.entry(
              "e2w-invocationresult-enqueue-no-queue-module.json",
              f -> error("payments::charge", "enqueue_error", "QueueModule not loaded", null, null)),
          Map.entry(
              "e2w-invocationresult-enqueue-ok.json",
              f -> new WireMessage.InvocationResult(INV, "payments::charge", f.get("result"), null, null, null)),
          Map.entry(
              "e2w-invocationresult-enqueue-queue-not-found.json",
              f -> error("payments::charge", "enqueue_error", "Queue 'payments' not found", null, null)),
          Map.entry(
              "e2w-invocationresult-forbidden-explicit.json",
              f -> error("billing::refund", "FORBIDDEN",
                  "function 'billing::refund' not allowed (remove from rbac.forbidden_functions)", null, null)),
          Map.entry(
              "e2w-invocationresult-forbidden.json",
              f -> error("billing::refund", "FORBIDDEN",
                  "function 'billing::refund' not allowed (add to rbac.expose_functions)", null, null)),
          Map.entry(
              "e2w-invocationresult-function-not-found.json",
              f -> error("orders::nope", "function_not_found", "Function orders::nope not found", null, null)),
          Map.entry(
              "e2w-invocationresult-invocation-stopped.json",
              f -> error("orders::create", "invocation_stopped", "Invocation stopped", null, null)),
          Map.entry(
              "e2w-invocationresult-no-result.json",
              f -> new WireMessage.InvocationResult(INV, "orders::create", null, null, TP, null)),
          Map.entry(
              "e2w-invocationresult-relayed-error.json",
              f -> error("orders::create", "invocation_failed", "sku A-1 is out of stock",
                  "Traceback (most recent call last):\n  File \"orders.py\", line 12, in create\n"
                      + "ValueError: sku A-1 is out of stock",
                  TP)),
          Map.entry(
              "e2w-invocationresult-result.json",
              f -> new WireMessage.InvocationResult(INV, "orders::create", f.get("result"), null, TP, null)),
          Map.entry(
              "e2w-invokefunction-forwarded-baggage.json",
              f -> invoke(INV, "orders::create", f, TP, "tenant=acme,request.origin=checkout")),
          Map.entry(
              "e2w-invokefunction-forwarded-no-trace.json", f -> invoke(INV, "orders::create", f, null, null)),
          Map.entry(
              "e2w-invokefunction-forwarded-null-data.json",
              f ->
                  new WireMessage.InvokeFunction(
                      INV, "health::ping", NullNode.getInstance(), TP, null, null, null, null)),
          Map.entry("e2w-invokefunction-forwarded-void.json", f -> invoke(TRIGGER_INV, "audit::log", f, TP, null)),
          Map.entry("e2w-invokefunction-forwarded.json", f -> invoke(INV, "orders::create", f, TP, null)),
          Map.entry(
              "e2w-invokefunction-from-trigger.json", f -> invoke(TRIGGER_INV, "reports::nightly", f, TP, null)),
          Map.entry("e2w-pong-reply.json", f -> new WireMessage.Pong()),
          Map.entry(
              "e2w-registertrigger-forwarded-metadata.json",
              f -> new WireMessage.RegisterTrigger(
                  TRIGGER_ID, "webhook", "hooks::on_push", f.get("config"), f.get("metadata"), null, null)),
          Map.entry(
              "e2w-registertrigger-forwarded-null-config.json",
              f -> new WireMessage.RegisterTrigger(
                  TRIGGER_ID, "webhook", "hooks::on_push", NullNode.getInstance(), null, null, null)),
          Map.entry(
              "e2w-registertrigger-forwarded-prefixed.json",
              f -> new WireMessage.RegisterTrigger(
                  TRIGGER_ID, "webhook", "tenant-a::hooks::on_push", f.get("config"), null, null, null)),
          Map.entry(
              "e2w-registertrigger-forwarded.json",
              f -> new WireMessage.RegisterTrigger(
                  TRIGGER_ID, "webhook", "hooks::on_push", f.get("config"), null, null, null)),
          Map.entry(
              "e2w-unregistertrigger-forwarded.json", f -> new WireMessage.UnregisterTrigger(TRIGGER_ID, "webhook")),
          Map.entry(
              "e2w-workerregistered-basic.json",
              f -> new WireMessage.WorkerRegistered("5f1c2d3e-7a8b-4c9d-8e0f-1a2b3c4d5e6f", null)));

  private static WireMessage error(String fn, String code, String message, String stack, String tp) {
    return new WireMessage.InvocationResult(INV, fn, null, new ErrorBody(code, message, stack), tp, null);
  }

  private static WireMessage invoke(UUID id, String fn, JsonNode frame, String tp, String baggage) {
    return new WireMessage.InvokeFunction(id, fn, frame.get("data"), tp, baggage, null, null, null);
  }

  @Test
  void everyVectorHasAnExpectation() {
    List<String> names = vectors().stream().map(Vector::name).sorted().toList();
    assertEquals(EXPECTED.keySet().stream().sorted().toList(), names);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesToTheExpectedMessage(Vector v) throws Exception {
    Function<JsonNode, WireMessage> expected = EXPECTED.get(v.name());
    assertNotNull(expected, "no expectation for " + v.name());
    String text = Vectors.wireText(v.frame());
    assertEquals(expected.apply(v.frame()), WireCodec.decode(text));
    assertEquals(expected.apply(v.frame()), WireCodec.decode(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesTheSameWithShuffledMembers(Vector v) throws Exception {
    WireMessage inOrder = WireCodec.decode(Vectors.wireText(v.frame()));
    Random random = new Random(v.name().hashCode());
    for (int round = 0; round < 5; round++) {
      JsonNode shuffled = shuffle(v.frame(), random);
      assertEquals(inOrder, WireCodec.decode(Vectors.wireText(shuffled)), "member order must not matter");
    }
  }

  /** Re-encoding what was decoded gives the engine's frame back as a JSON value: nothing was dropped. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void reEncodesToTheSameJsonValue(Vector v) throws Exception {
    WireMessage msg = WireCodec.decode(Vectors.wireText(v.frame()));
    assertEquals(v.frame(), WireCodec.wireMapper().readTree(WireCodec.encode(msg)));
  }

  @Test
  void opaqueMembersKeepTheirContent() throws Exception {
    var forwarded = (WireMessage.InvokeFunction)
        WireCodec.decode(Vectors.wireText(Vectors.byName("", "e2w-invokefunction-forwarded.json").frame()));
    assertEquals("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", forwarded.data().get("_caller_worker_id").textValue());
    assertEquals(2, forwarded.data().get("qty").intValue());
    assertEquals("A-1", forwarded.data().get("sku").textValue());

    var result = (WireMessage.InvocationResult)
        WireCodec.decode(Vectors.wireText(Vectors.byName("", "e2w-invocationresult-result.json").frame()));
    assertEquals("o-42", result.result().get("order_id").textValue());

    var trigger = (WireMessage.RegisterTrigger)
        WireCodec.decode(
            Vectors.wireText(Vectors.byName("", "e2w-registertrigger-forwarded-metadata.json").frame()));
    assertEquals("/push", trigger.config().get("path").textValue());
    assertEquals(3, trigger.metadata().get("retries").intValue());
    assertTrue(trigger.metadata().has("owner"));
  }

  /** Shuffles member order at every level, so nested "type" members move too. */
  private static JsonNode shuffle(JsonNode node, Random random) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      Collections.shuffle(keys, random);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String k : keys) {
        out.set(k, shuffle(node.get(k), random));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(shuffle(e, random)));
      return out;
    }
    return node;
  }
}
