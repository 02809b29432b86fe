package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.internal.wire.Vectors.Vector;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import dev.iii.sdk.internal.wire.WireMessage.HttpAuth;
import dev.iii.sdk.internal.wire.WireMessage.HttpInvocation;
import dev.iii.sdk.internal.wire.WireMessage.TriggerAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Worker-to-engine vectors: every frame the SDK writes is one the engine accepts, and the shapes the engine rejects
 * are never produced. The decoder is also held to the engine's accept/reject verdict on these frames.
 */
class WorkerToEngineVectorsTest {

  private static final UUID INV = UUID.fromString("0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11");
  private static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String BAGGAGE = "tenant=acme,request.origin=checkout";
  private static final String TRIGGER_ID = "9d4b2c8e-1f3a-4e7b-8c2d-5a6b7c8d9e0f";
  private static final String URL = "https://api.example.com/lambda/orders";

  static JsonNode json(String text) {
    return WireCodecGoldenTest.json(text);
  }

  // ---- accepted frames -----------------------------------------------------------------------------------------

  /**
   * The message the SDK would build for each accepted vector. Where the vector spells something the SDK never
   * writes (an explicit null for an optional member, a non-canonical UUID, an extra member), the SDK's frame is the
   * engine-equivalent normal form: see {@link #normalize}.
   */
  private static final Map<String, WireMessage> PRODUCIBLE = new HashMap<>();

  /** Extra members a vector carries that no SDK message has (the engine ignores them). */
  private static final Map<String, Set<String>> EXTRA_MEMBERS =
      Map.of(
          "w2e-ping-extra-field.json", Set.of("x"),
          "w2e-triggerregistrationresult-with-result.json", Set.of("result"));

  /** Accepted vectors the SDK cannot produce, with the reason. */
  private static final Map<String, String> NOT_PRODUCIBLE =
      Map.of(
          "w2e-envelope-array-form.json", "a serde artifact (array instead of object); no SDK sends it",
          "w2e-registerservice-without-name.json",
              "the SDK always writes name (the id when unset, PROTOCOL §1.4), covered by registerservice-full");

  private static void put(String vector, WireMessage msg) {
    PRODUCIBLE.put(vector, msg);
  }

  private static WireMessage.InvokeFunction invoke(
      UUID id, String fn, String data, String tp, String baggage, TriggerAction action) {
    return new WireMessage.InvokeFunction(id, fn, json(data), tp, baggage, action, null, null);
  }

  private static WireMessage.InvocationResult result(JsonNode result, ErrorBody error, String tp, String bag) {
    return new WireMessage.InvocationResult(INV, "orders::create", result, error, tp, bag);
  }

  private static WireMessage.RegisterFunction http(String id, String description, HttpInvocation inv) {
    return new WireMessage.RegisterFunction(id, description, null, null, null, inv);
  }

  static {
    String sku = "{\"sku\":\"A-1\"}";
    put("w2e-envelope-type-not-first.json", invoke(INV, "orders::create", sku, null, null, null));

    put("w2e-invocationresult-both-absent.json", result(null, null, null, null));
    put(
        "w2e-invocationresult-both-present.json",
        result(json("{\"order_id\":\"o-42\"}"), new ErrorBody("invocation_failed", "boom", null), null, null));
    put("w2e-invocationresult-error-null.json", result(json("{\"order_id\":\"o-42\"}"), null, null, null));
    put(
        "w2e-invocationresult-error-stacktrace-null.json",
        result(null, new ErrorBody("invocation_failed", "boom", null), null, null));
    put(
        "w2e-invocationresult-error-stacktrace.json",
        result(
            null,
            new ErrorBody(
                "invocation_failed",
                "sku A-1 is out of stock",
                "java.lang.IllegalStateException: sku A-1 is out of stock\n\tat com.example.Orders.create(Orders.java:42)"),
            null,
            null));
    put(
        "w2e-invocationresult-error.json",
        result(null, new ErrorBody("invocation_failed", "sku A-1 is out of stock", null), null, null));
    put("w2e-invocationresult-result-null.json", result(NullNode.getInstance(), null, null, null));
    put(
        "w2e-invocationresult-result-scalar.json",
        new WireMessage.InvocationResult(INV, "math::add", json("42"), null, null, null));
    put("w2e-invocationresult-result.json", result(json("{\"order_id\":\"o-42\"}"), null, null, null));
    put("w2e-invocationresult-trace.json", result(json("true"), null, TP, BAGGAGE));

    put("w2e-invokefunction-action-null.json", invoke(INV, "orders::create", sku, null, null, null));
    put("w2e-invokefunction-braced-uuid.json", invoke(INV, "orders::create", "{}", null, null, null));
    put("w2e-invokefunction-data-null.json", invoke(INV, "jobs::tick", "null", null, null, null));
    put("w2e-invokefunction-data-scalar.json", invoke(INV, "text::upper", "\"hello\"", null, null, null));
    TriggerAction payments = new TriggerAction.Enqueue("payments");
    put(
        "w2e-invokefunction-enqueue-without-id.json",
        invoke(null, "payments::charge", "{\"amount\":100}", null, null, payments));
    put(
        "w2e-invokefunction-enqueue.json",
        invoke(INV, "payments::charge", "{\"amount\":100}", null, null, payments));
    put("w2e-invokefunction-simple-uuid.json", invoke(INV, "orders::create", "{}", null, null, null));
    put("w2e-invokefunction-sync-trace.json", invoke(INV, "orders::create", sku, TP, BAGGAGE, null));
    put("w2e-invokefunction-sync-without-id.json", invoke(null, "orders::create", sku, null, null, null));
    put("w2e-invokefunction-sync.json", invoke(INV, "orders::create", sku, null, null, null));
    put("w2e-invokefunction-traceparent-null.json", invoke(INV, "orders::create", "{}", null, null, null));
    put("w2e-invokefunction-uppercase-uuid.json", invoke(INV, "orders::create", "{}", null, null, null));
    put("w2e-invokefunction-urn-uuid.json", invoke(INV, "orders::create", "{}", null, null, null));
    String login = "{\"event\":\"login\"}";
    TriggerAction voidAction = new TriggerAction.Void();
    put("w2e-invokefunction-void-null-id.json", invoke(null, "audit::log", login, null, null, voidAction));
    put("w2e-invokefunction-void-with-id.json", invoke(INV, "audit::log", login, null, null, voidAction));
    put("w2e-invokefunction-void.json", invoke(null, "audit::log", login, null, null, voidAction));

    put("w2e-ping-basic.json", new WireMessage.Ping());
    put("w2e-ping-extra-field.json", new WireMessage.Ping());
    put("w2e-pong-basic.json", new WireMessage.Pong());

    put(
        "w2e-registerfunction-http-apikey.json",
        http("external::partner", null,
            new HttpInvocation(URL, "GET", null, null, new HttpAuth.ApiKey("x-api-key", "PARTNER_API_KEY"))));
    put("w2e-registerfunction-http-auth-null.json",
        http("external::lambda", null, new HttpInvocation(URL, null, null, null, null)));
    put(
        "w2e-registerfunction-http-bearer.json",
        http("external::lambda", "External Lambda function",
            new HttpInvocation(URL, "POST", 30000L, Map.of("x-custom-header", "value"),
                new HttpAuth.Bearer("LAMBDA_TOKEN"))));
    put(
        "w2e-registerfunction-http-hmac.json",
        http("external::webhook", null, new HttpInvocation(URL, "PUT", null, null, new HttpAuth.Hmac("WEBHOOK_SECRET"))));
    put("w2e-registerfunction-http-minimal.json",
        http("external::lambda", null, new HttpInvocation(URL, null, null, null, null)));
    put("w2e-registerfunction-http-timeout-null.json",
        http("external::lambda", null, new HttpInvocation(URL, null, null, null, null)));
    put("w2e-registerfunction-invocation-null.json", http("orders::create", null, null));
    put("w2e-registerfunction-minimal.json", http("orders::create", null, null));
    put("w2e-registerfunction-null-description.json", http("orders::create", null, null));
    put("w2e-registerfunction-null-formats.json", http("orders::create", null, null));
    put(
        "w2e-registerfunction-with-formats.json",
        new WireMessage.RegisterFunction(
            "orders::create",
            "Create an order",
            json("{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"]}"),
            json("{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}}}"),
            json("{\"team\":\"checkout\"}"),
            null));
    put("w2e-registerfunction-without-formats.json", http("orders::create", "Create an order", null));

    put("w2e-registerservice-empty-name.json", new WireMessage.RegisterService("payments", "", null, null));
    put(
        "w2e-registerservice-full.json",
        new WireMessage.RegisterService("payments::refunds", "Refunds", "Refund handling", "payments"));
    put("w2e-registerservice-null-parent.json", new WireMessage.RegisterService("payments", "payments", null, null));

    put(
        "w2e-registertrigger-config.json",
        new WireMessage.RegisterTrigger(TRIGGER_ID, "http", "orders::create",
            json("{\"api_path\":\"/orders\",\"http_method\":\"POST\"}"), null, null, null));
    put(
        "w2e-registertrigger-empty-config.json",
        new WireMessage.RegisterTrigger(TRIGGER_ID, "webhook", "hooks::on_push", json("{}"), null, null, null));
    put(
        "w2e-registertrigger-metadata.json",
        new WireMessage.RegisterTrigger(TRIGGER_ID, "cron", "reports::nightly",
            json("{\"expression\":\"0 0 2 * * *\"}"), json("{\"owner\":\"reports\",\"tier\":2}"), null, null));
    put(
        "w2e-registertrigger-null-config.json",
        new WireMessage.RegisterTrigger(
            TRIGGER_ID, "webhook", "hooks::on_push", NullNode.getInstance(), null, null, null));
    put(
        "w2e-registertrigger-null-metadata.json",
        new WireMessage.RegisterTrigger(TRIGGER_ID, "cron", "reports::nightly",
            json("{\"expression\":\"0 0 2 * * *\"}"), null, null, null));

    put("w2e-registertriggertype-empty-description.json",
        new WireMessage.RegisterTriggerType("webhook", "", null, null, null));
    put("w2e-registertriggertype-minimal.json",
        new WireMessage.RegisterTriggerType("webhook", "Incoming webhook", null, null, null));
    put("w2e-registertriggertype-null-formats.json",
        new WireMessage.RegisterTriggerType("webhook", "Incoming webhook", null, null, null));
    put(
        "w2e-registertriggertype-with-formats.json",
        new WireMessage.RegisterTriggerType(
            "webhook",
            "Incoming webhook",
            json("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}"),
            json("{\"type\":\"object\",\"properties\":{\"body\":{}}}"),
            null));

    put("w2e-triggerregistrationresult-error-null.json",
        new WireMessage.TriggerRegistrationResult(TRIGGER_ID, "webhook", "hooks::on_push", null));
    put(
        "w2e-triggerregistrationresult-error.json",
        new WireMessage.TriggerRegistrationResult(TRIGGER_ID, "webhook", "hooks::on_push",
            new ErrorBody("trigger_registration_failed", "path /push already bound", null)));
    put("w2e-triggerregistrationresult-ok.json",
        new WireMessage.TriggerRegistrationResult(TRIGGER_ID, "webhook", "hooks::on_push", null));
    put("w2e-triggerregistrationresult-with-result.json",
        new WireMessage.TriggerRegistrationResult(TRIGGER_ID, "webhook", "hooks::on_push", null));

    put("w2e-unregisterfunction-basic.json", new WireMessage.UnregisterFunction("orders::create"));
    put("w2e-unregistertrigger-null-type.json", new WireMessage.UnregisterTrigger(TRIGGER_ID, null));
    put("w2e-unregistertrigger-with-type.json", new WireMessage.UnregisterTrigger(TRIGGER_ID, "http"));
    put("w2e-unregistertrigger-without-type.json", new WireMessage.UnregisterTrigger(TRIGGER_ID, null));
    put(
        "w2e-workerregistered-ignored.json",
        new WireMessage.WorkerRegistered("5f1c2d3e-7a8b-4c9d-8e0f-1a2b3c4d5e6f", null));
  }

  static List<Vector> accepted() {
    return Vectors.load("", "w2e-").stream().filter(Vector::engineAccepts).toList();
  }

  static List<Vector> producible() {
    return accepted().stream().filter(v -> PRODUCIBLE.containsKey(v.name())).toList();
  }

  static List<Vector> rejected() {
    return Vectors.load("", "w2e-").stream().filter(v -> !v.engineAccepts()).toList();
  }

  @Test
  void everyAcceptedVectorIsProducibleOrExplained() {
    Set<String> accepted = accepted().stream().map(Vector::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered = new TreeSet<>(PRODUCIBLE.keySet());
    covered.addAll(NOT_PRODUCIBLE.keySet());
    assertEquals(accepted, covered);
  }

  /** What the SDK writes equals the vector as a JSON value (after the engine-equivalent normalization). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("producible")
  void sdkFrameEqualsTheAcceptedVector(Vector v) throws Exception {
    JsonNode written = WireCodec.wireMapper().readTree(WireCodec.encode(PRODUCIBLE.get(v.name())));
    assertEquals(normalize(v), written);
  }

  /** And the decoder reads the accepted vector as the same message the engine sees. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("producible")
  void decoderReadsTheAcceptedVector(Vector v) throws Exception {
    assertEquals(PRODUCIBLE.get(v.name()), WireCodec.decode(Vectors.wireText(v.frame())));
  }

  @Test
  void registerServiceWithoutNameDecodesToEmptyName() throws Exception {
    var msg = WireCodec.decode(
        Vectors.wireText(Vectors.byName("", "w2e-registerservice-without-name.json").frame()));
    assertEquals(new WireMessage.RegisterService("payments", "", null, null), msg);
  }

  /**
   * The SDK's normal form of a frame the engine accepts: optional members spelled {@code null} are omitted
   * (the engine treats both alike), {@code invocation_id} is lower-case hyphenated, ignored extra members dropped.
   * {@code data}, {@code config} and {@code result} keep an explicit null: there it means something.
   */
  private static JsonNode normalize(Vector v) {
    ObjectNode frame = v.frame().deepCopy();
    frame.remove(EXTRA_MEMBERS.getOrDefault(v.name(), Set.of()));
    dropNullMembers(frame, Set.of("data", "config", "result"));
    JsonNode id = frame.get("invocation_id");
    if (id != null) {
      frame.put("invocation_id", WireUuids.parseOrNull(id.textValue()).toString());
    }
    for (String structural : List.of("error", "invocation")) {
      if (frame.get(structural) instanceof ObjectNode nested) {
        dropNullMembers(nested, Set.of());
      }
    }
    return frame;
  }

  private static void dropNullMembers(ObjectNode obj, Set<String> keep) {
    obj.properties().removeIf(e -> e.getValue().isNull() && !keep.contains(e.getKey()));
  }

  // ---- rejected frames -----------------------------------------------------------------------------------------

  /** Types the 0.11.6 engine does not know but this codec does (handshake error frame, HEAD/SDK-only messages). */
  private static final Set<Class<?>> NOT_IN_ENGINE_ENUM =
      Set.of(WireMessage.Unknown.class, WireMessage.EngineError.class, WireMessage.UnregisterTriggerType.class);

  /** The decoder rejects what the engine rejects, unless it is a type the engine simply does not know. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void decoderAgreesWithTheEngineVerdict(Vector v) {
    WireMessage msg;
    try {
      msg = WireCodec.decode(Vectors.wireText(v.frame()));
    } catch (WireDecodeException expected) {
      assertNotNull(expected.getMessage());
      return;
    }
    assertTrue(
        NOT_IN_ENGINE_ENUM.contains(msg.getClass()),
        v.name() + " is rejected by the engine but decoded as a known message: " + msg);
  }

  /** For every rejected shape: the nearest message the SDK can build is written in an accepted shape, or refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void sdkNeverProducesTheRejectedShape(Vector v) throws Exception {
    String name = v.name();
    if (name.startsWith("w2e-envelope-")) {
      // The SDK's type tags are fixed lower-case words the engine knows; "error" is never sent by a worker.
      for (WireMessage m : PRODUCIBLE.values()) {
        JsonNode written = WireCodec.wireMapper().readTree(WireCodec.encode(m));
        assertTrue(ENGINE_TYPES.contains(written.get("type").textValue()), written.toString());
      }
      return;
    }
    if (name.startsWith("w2e-unregistertriggertype-")) {
      // Sent on purpose for parity with the reference SDKs (PROTOCOL §2.7): the engine drops it harmlessly.
      assertEquals(
          "{\"type\":\"unregistertriggertype\",\"id\":\"webhook\"}",
          WireCodec.encode(new WireMessage.UnregisterTriggerType("webhook")));
      return;
    }
    Runnable check = REJECTED_SHAPE_CHECKS.get(name);
    if (check == null) {
      fail("no check for rejected vector " + name);
    }
    check.run();
  }

  private static final Set<String> ENGINE_TYPES =
      Set.of("registerfunction", "unregisterfunction", "registerservice", "invokefunction", "invocationresult",
          "registertriggertype", "registertrigger", "unregistertrigger", "triggerregistrationresult",
          "workerregistered", "ping", "pong");

  private static JsonNode written(WireMessage m) {
    try {
      return WireCodec.wireMapper().readTree(WireCodec.encode(m));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void refused(WireMessage m) {
    assertThrows(IllegalArgumentException.class, () -> WireCodec.encode(m));
  }

  private static final Map<String, Runnable> REJECTED_SHAPE_CHECKS = new HashMap<>();

  static {
    Map<String, Runnable> c = REJECTED_SHAPE_CHECKS;
    // invocationresult
    Runnable errorBodyStrings = () -> {
      JsonNode err = written(result(null, new ErrorBody("invocation_failed", null, null), null, null)).get("error");
      assertTrue(err.get("code").isTextual() && err.get("message").isTextual(), err.toString());
    };
    c.put("w2e-invocationresult-error-code-number.json", errorBodyStrings);
    c.put("w2e-invocationresult-error-missing-message.json", errorBodyStrings);
    c.put("w2e-invocationresult-error-string.json", errorBodyStrings);
    c.put("w2e-invocationresult-missing-function-id.json",
        () -> refused(new WireMessage.InvocationResult(INV, null, json("{}"), null, null, null)));
    Runnable nullResultId =
        () -> refused(new WireMessage.InvocationResult(null, "orders::create", json("{}"), null, null, null));
    c.put("w2e-invocationresult-missing-invocation-id.json", nullResultId);
    c.put("w2e-invocationresult-null-invocation-id.json", nullResultId);
    Runnable canonicalId = () -> {
      String id = written(invoke(INV, "orders::create", "{}", null, null, null)).get("invocation_id").textValue();
      assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
      String rid = written(result(null, null, null, null)).get("invocation_id").textValue();
      assertEquals(INV.toString(), rid);
    };
    c.put("w2e-invocationresult-non-uuid-id.json", canonicalId);
    // invokefunction
    Runnable actionTags = () -> {
      assertEquals("void",
          written(invoke(null, "a::b", "{}", null, null, new TriggerAction.Void())).get("action").get("type").textValue());
      assertEquals("enqueue",
          written(invoke(null, "a::b", "{}", null, null, new TriggerAction.Enqueue("q"))).get("action").get("type")
              .textValue());
    };
    c.put("w2e-invokefunction-action-unknown.json", actionTags);
    c.put("w2e-invokefunction-action-uppercase.json", actionTags);
    c.put("w2e-invokefunction-empty-id.json", canonicalId);
    c.put("w2e-invokefunction-non-uuid-id.json", canonicalId);
    c.put("w2e-invokefunction-number-id.json", canonicalId);
    c.put("w2e-invokefunction-short-uuid.json", canonicalId);
    c.put("w2e-invokefunction-enqueue-missing-queue.json",
        () -> refused(invoke(INV, "payments::charge", "{}", null, null, new TriggerAction.Enqueue(null))));
    c.put("w2e-invokefunction-missing-function-id.json", () -> refused(invoke(INV, null, "{}", null, null, null)));
    c.put("w2e-invokefunction-without-data.json", () -> {
      JsonNode w = written(new WireMessage.InvokeFunction(INV, "orders::create", null, null, null, null, null, null));
      assertTrue(w.has("data") && w.get("data").isNull(), w.toString());
    });
    // registerfunction
    c.put("w2e-registerfunction-http-auth-apikey-wrong-tag.json", () -> assertEquals("api_key",
        written(http("x::y", null, new HttpInvocation(URL, null, null, null, new HttpAuth.ApiKey("h", "K"))))
            .get("invocation").get("auth").get("type").textValue()));
    c.put("w2e-registerfunction-http-auth-missing-field.json",
        () -> refused(http("x::y", null, new HttpInvocation(URL, null, null, null, new HttpAuth.Bearer(null)))));
    c.put("w2e-registerfunction-http-headers-null.json", () -> assertTrue(
        !written(http("x::y", null, new HttpInvocation(URL, null, null, null, null))).get("invocation").has("headers")));
    c.put("w2e-registerfunction-http-method-head.json",
        () -> refused(http("x::y", null, new HttpInvocation(URL, "HEAD", null, null, null))));
    c.put("w2e-registerfunction-http-method-lowercase.json",
        () -> refused(http("x::y", null, new HttpInvocation(URL, "post", null, null, null))));
    c.put("w2e-registerfunction-http-method-null.json", () -> assertTrue(
        !written(http("x::y", null, new HttpInvocation(URL, null, null, null, null))).get("invocation").has("method")));
    c.put("w2e-registerfunction-http-missing-url.json",
        () -> refused(http("x::y", null, new HttpInvocation(null, "POST", null, null, null))));
    c.put("w2e-registerfunction-http-timeout-negative.json",
        () -> refused(http("x::y", null, new HttpInvocation(URL, null, -1L, null, null))));
    c.put("w2e-registerfunction-missing-id.json", () -> refused(http(null, "no id", null)));
    // registerservice
    c.put("w2e-registerservice-missing-id.json",
        () -> refused(new WireMessage.RegisterService(null, "payments", null, null)));
    c.put("w2e-registerservice-null-name.json", () -> assertEquals("payments",
        written(new WireMessage.RegisterService("payments", null, null, null)).get("name").textValue()));
    // registertrigger
    c.put("w2e-registertrigger-missing-trigger-type.json",
        () -> refused(new WireMessage.RegisterTrigger(TRIGGER_ID, null, "orders::create", json("{}"), null, null, null)));
    c.put("w2e-registertrigger-without-config.json", () -> {
      JsonNode w = written(new WireMessage.RegisterTrigger(TRIGGER_ID, "webhook", "hooks::on_push", null, null, null,
          null));
      assertTrue(w.has("config") && w.get("config").isNull(), w.toString());
    });
    // registertriggertype
    Runnable descriptionString = () -> assertEquals("",
        written(new WireMessage.RegisterTriggerType("webhook", null, null, null, null)).get("description").textValue());
    c.put("w2e-registertriggertype-null-description.json", descriptionString);
    c.put("w2e-registertriggertype-without-description.json", descriptionString);
    // the rest
    c.put("w2e-triggerregistrationresult-missing-function-id.json",
        () -> refused(new WireMessage.TriggerRegistrationResult(TRIGGER_ID, "webhook", null, null)));
    c.put("w2e-unregisterfunction-missing-id.json", () -> refused(new WireMessage.UnregisterFunction(null)));
    c.put("w2e-unregistertrigger-missing-id.json", () -> refused(new WireMessage.UnregisterTrigger(null, "http")));
  }
}
