package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import dev.iii.sdk.internal.wire.WireMessage.HttpAuth;
import dev.iii.sdk.internal.wire.WireMessage.HttpInvocation;
import dev.iii.sdk.internal.wire.WireMessage.TriggerAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written golden frames for every message, both ways: {@code encode(msg)} must produce exactly the text
 * (compact, {@code type} first, engine member order, PROTOCOL §1.4 null rules) and {@code decode(text)} must give
 * back an equal record. Examples follow PROTOCOL §2 and §10.
 */
class WireCodecGoldenTest {

  static final UUID INV = UUID.fromString("0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11");
  static final String INV_S = "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11";
  static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  static JsonNode json(String text) {
    try {
      return WireCodec.wireMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Stream<Arguments> goldens() {
    return Stream.of(
        // ---- registerfunction (§2.1, §2.14.3)
        Arguments.of(
            "registerfunction minimal",
            new WireMessage.RegisterFunction("orders::create", null, null, null, null, null),
            "{\"type\":\"registerfunction\",\"id\":\"orders::create\"}"),
        Arguments.of(
            "registerfunction with formats",
            new WireMessage.RegisterFunction(
                "orders::create",
                "Create an order",
                json("{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"]}"),
                json("{\"type\":\"object\"}"),
                json("{\"team\":\"checkout\"}"),
                null),
            "{\"type\":\"registerfunction\",\"id\":\"orders::create\",\"description\":\"Create an order\","
                + "\"request_format\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}},"
                + "\"required\":[\"sku\"]},\"response_format\":{\"type\":\"object\"},"
                + "\"metadata\":{\"team\":\"checkout\"}}"),
        Arguments.of(
            "registerfunction http bearer",
            new WireMessage.RegisterFunction(
                "external::lambda",
                "External Lambda function",
                null,
                null,
                null,
                new HttpInvocation(
                    "https://api.example.com/lambda/orders",
                    "POST",
                    30000L,
                    Map.of("x-custom-header", "value"),
                    new HttpAuth.Bearer("LAMBDA_TOKEN"))),
            "{\"type\":\"registerfunction\",\"id\":\"external::lambda\",\"description\":\"External Lambda function\","
                + "\"invocation\":{\"url\":\"https://api.example.com/lambda/orders\",\"method\":\"POST\","
                + "\"timeout_ms\":30000,\"headers\":{\"x-custom-header\":\"value\"},"
                + "\"auth\":{\"type\":\"bearer\",\"token_key\":\"LAMBDA_TOKEN\"}}}"),
        Arguments.of(
            "registerfunction http hmac",
            new WireMessage.RegisterFunction(
                "external::webhook", null, null, null, null,
                new HttpInvocation("https://h.example/x", "PUT", null, null, new HttpAuth.Hmac("WEBHOOK_SECRET"))),
            "{\"type\":\"registerfunction\",\"id\":\"external::webhook\",\"invocation\":{\"url\":\"https://h.example/x\","
                + "\"method\":\"PUT\",\"auth\":{\"type\":\"hmac\",\"secret_key\":\"WEBHOOK_SECRET\"}}}"),
        Arguments.of(
            "registerfunction http api_key",
            new WireMessage.RegisterFunction(
                "external::partner", null, null, null, null,
                new HttpInvocation(
                    "https://h.example/x", null, null, null, new HttpAuth.ApiKey("x-api-key", "PARTNER_API_KEY"))),
            "{\"type\":\"registerfunction\",\"id\":\"external::partner\",\"invocation\":{\"url\":\"https://h.example/x\","
                + "\"auth\":{\"type\":\"api_key\",\"header\":\"x-api-key\",\"value_key\":\"PARTNER_API_KEY\"}}}"),
        // ---- unregisterfunction (§2.2)
        Arguments.of(
            "unregisterfunction",
            new WireMessage.UnregisterFunction("orders::create"),
            "{\"type\":\"unregisterfunction\",\"id\":\"orders::create\"}"),
        // ---- registerservice (§2.3)
        Arguments.of(
            "registerservice",
            new WireMessage.RegisterService("payments::refunds", "payments::refunds", null, "payments"),
            "{\"type\":\"registerservice\",\"id\":\"payments::refunds\",\"name\":\"payments::refunds\","
                + "\"parent_service_id\":\"payments\"}"),
        Arguments.of(
            "registerservice full",
            new WireMessage.RegisterService("payments::refunds", "Refunds", "Refund handling", "payments"),
            "{\"type\":\"registerservice\",\"id\":\"payments::refunds\",\"name\":\"Refunds\","
                + "\"description\":\"Refund handling\",\"parent_service_id\":\"payments\"}"),
        // ---- invokefunction (§2.4, §10.1)
        Arguments.of(
            "invokefunction sync with trace",
            new WireMessage.InvokeFunction(
                INV, "orders::create", json("{\"sku\":\"A-1\"}"), TP, null, null, null, null),
            "{\"type\":\"invokefunction\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"orders::create\","
                + "\"data\":{\"sku\":\"A-1\"},\"traceparent\":\"" + TP + "\"}"),
        Arguments.of(
            "invokefunction null data",
            new WireMessage.InvokeFunction(
                INV, "jobs::tick", NullNode.getInstance(), null, null, null, null, null),
            "{\"type\":\"invokefunction\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"jobs::tick\","
                + "\"data\":null}"),
        Arguments.of(
            "invokefunction void",
            new WireMessage.InvokeFunction(
                null, "audit::log", json("{\"event\":\"login\"}"), null, null, new TriggerAction.Void(), null, null),
            "{\"type\":\"invokefunction\",\"function_id\":\"audit::log\",\"data\":{\"event\":\"login\"},"
                + "\"action\":{\"type\":\"void\"}}"),
        Arguments.of(
            "invokefunction enqueue",
            new WireMessage.InvokeFunction(
                null, "payments::charge", json("{\"amount\":100}"), null, null,
                new TriggerAction.Enqueue("payments"), null, null),
            "{\"type\":\"invokefunction\",\"function_id\":\"payments::charge\",\"data\":{\"amount\":100},"
                + "\"action\":{\"type\":\"enqueue\",\"queue\":\"payments\"}}"),
        Arguments.of(
            "invokefunction 0.23 namespace and metadata, baggage, non-ASCII unescaped",
            new WireMessage.InvokeFunction(
                INV, "text::upper", json("\"grüße ✓\""), TP, "tenant=acme", null, "billing",
                json("{\"k\":1}")),
            "{\"type\":\"invokefunction\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"text::upper\","
                + "\"data\":\"grüße ✓\",\"traceparent\":\"" + TP + "\",\"baggage\":\"tenant=acme\","
                + "\"namespace\":\"billing\",\"metadata\":{\"k\":1}}"),
        // ---- invocationresult (§2.5)
        Arguments.of(
            "invocationresult result",
            new WireMessage.InvocationResult(
                INV, "orders::create", json("{\"order_id\":\"o-42\"}"), null, null, null),
            "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"orders::create\","
                + "\"result\":{\"order_id\":\"o-42\"}}"),
        Arguments.of(
            "invocationresult explicit null result",
            new WireMessage.InvocationResult(INV, "orders::create", NullNode.getInstance(), null, null, null),
            "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"orders::create\","
                + "\"result\":null}"),
        Arguments.of(
            "invocationresult absent result",
            new WireMessage.InvocationResult(INV, "orders::create", null, null, TP, "b=1"),
            "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"orders::create\","
                + "\"traceparent\":\"" + TP + "\",\"baggage\":\"b=1\"}"),
        Arguments.of(
            "invocationresult error with stacktrace",
            new WireMessage.InvocationResult(
                INV, "orders::create", null,
                new ErrorBody("invocation_failed", "sku A-1 is out of stock", "Traceback…\n  line 1"), null, null),
            "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV_S + "\",\"function_id\":\"orders::create\","
                + "\"error\":{\"code\":\"invocation_failed\",\"message\":\"sku A-1 is out of stock\","
                + "\"stacktrace\":\"Traceback…\\n  line 1\"}}"),
        // ---- registertriggertype (§2.6, §10.1)
        Arguments.of(
            "registertriggertype",
            new WireMessage.RegisterTriggerType(
                "webhook", "Incoming webhook",
                json("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"), null, null),
            "{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"Incoming webhook\","
                + "\"trigger_request_format\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}"),
        Arguments.of(
            "registertriggertype both formats and namespace",
            new WireMessage.RegisterTriggerType(
                "webhook", "", json("{}"), json("{\"type\":\"object\"}"), "ns"),
            "{\"type\":\"registertriggertype\",\"id\":\"webhook\",\"description\":\"\","
                + "\"trigger_request_format\":{},\"call_request_format\":{\"type\":\"object\"},\"namespace\":\"ns\"}"),
        // ---- unregistertriggertype (§2.7)
        Arguments.of(
            "unregistertriggertype",
            new WireMessage.UnregisterTriggerType("webhook"),
            "{\"type\":\"unregistertriggertype\",\"id\":\"webhook\"}"),
        // ---- registertrigger (§2.8, §10.1)
        Arguments.of(
            "registertrigger",
            new WireMessage.RegisterTrigger(
                "9d4b2c8e-1f3a-4e7b-8c2d-5a6b7c8d9e0f", "http", "orders::create",
                json("{\"api_path\":\"/orders\",\"http_method\":\"POST\"}"), null, null, null),
            "{\"type\":\"registertrigger\",\"id\":\"9d4b2c8e-1f3a-4e7b-8c2d-5a6b7c8d9e0f\",\"trigger_type\":\"http\","
                + "\"function_id\":\"orders::create\",\"config\":{\"api_path\":\"/orders\",\"http_method\":\"POST\"}}"),
        Arguments.of(
            "registertrigger null config, metadata, namespaces",
            new WireMessage.RegisterTrigger(
                "t1", "cron", "reports::nightly", NullNode.getInstance(), json("{\"tier\":2}"), "ns", "provider-ns"),
            "{\"type\":\"registertrigger\",\"id\":\"t1\",\"trigger_type\":\"cron\",\"function_id\":\"reports::nightly\","
                + "\"config\":null,\"metadata\":{\"tier\":2},\"namespace\":\"ns\",\"trigger_namespace\":\"provider-ns\"}"),
        // ---- unregistertrigger (§2.9)
        Arguments.of(
            "unregistertrigger",
            new WireMessage.UnregisterTrigger("t1", "http"),
            "{\"type\":\"unregistertrigger\",\"id\":\"t1\",\"trigger_type\":\"http\"}"),
        Arguments.of(
            "unregistertrigger without type",
            new WireMessage.UnregisterTrigger("t1", null),
            "{\"type\":\"unregistertrigger\",\"id\":\"t1\"}"),
        // ---- triggerregistrationresult (§2.10)
        Arguments.of(
            "triggerregistrationresult error",
            new WireMessage.TriggerRegistrationResult(
                "t1", "webhook", "hooks::on_push",
                new ErrorBody("trigger_registration_failed", "path /push already bound", null)),
            "{\"type\":\"triggerregistrationresult\",\"id\":\"t1\",\"trigger_type\":\"webhook\","
                + "\"function_id\":\"hooks::on_push\",\"error\":{\"code\":\"trigger_registration_failed\","
                + "\"message\":\"path /push already bound\"}}"),
        Arguments.of(
            "triggerregistrationresult ok",
            new WireMessage.TriggerRegistrationResult("t1", "webhook", "hooks::on_push", null),
            "{\"type\":\"triggerregistrationresult\",\"id\":\"t1\",\"trigger_type\":\"webhook\","
                + "\"function_id\":\"hooks::on_push\"}"),
        // ---- workerregistered (§2.11, §10.1)
        Arguments.of(
            "workerregistered",
            new WireMessage.WorkerRegistered("5f1c2d3e-0000-4000-8000-00000000abcd", null),
            "{\"type\":\"workerregistered\",\"worker_id\":\"5f1c2d3e-0000-4000-8000-00000000abcd\"}"),
        Arguments.of(
            "workerregistered with reattach token",
            new WireMessage.WorkerRegistered("w-1", "tok-9"),
            "{\"type\":\"workerregistered\",\"worker_id\":\"w-1\",\"reattach_token\":\"tok-9\"}"),
        // ---- reattach (§10.2)
        Arguments.of(
            "reattach",
            new WireMessage.Reattach("w-old", "tok-9"),
            "{\"type\":\"reattach\",\"previous_worker_id\":\"w-old\",\"reattach_token\":\"tok-9\"}"),
        Arguments.of(
            "reattach without token",
            new WireMessage.Reattach("w-old", null),
            "{\"type\":\"reattach\",\"previous_worker_id\":\"w-old\"}"),
        // ---- registrationrejected (§10.2)
        Arguments.of(
            "registrationrejected function conflict",
            new WireMessage.RegistrationRejected(
                "FUNCTION_NAMESPACE_CONFLICT", "default", null, "orders::create", "w-2"),
            "{\"type\":\"registrationrejected\",\"code\":\"FUNCTION_NAMESPACE_CONFLICT\",\"namespace\":\"default\","
                + "\"function_id\":\"orders::create\",\"owner_worker_id\":\"w-2\"}"),
        Arguments.of(
            "registrationrejected worker conflict",
            new WireMessage.RegistrationRejected("WORKER_NAMESPACE_CONFLICT", "default", "billing", null, "w-2"),
            "{\"type\":\"registrationrejected\",\"code\":\"WORKER_NAMESPACE_CONFLICT\",\"namespace\":\"default\","
                + "\"worker_name\":\"billing\",\"owner_worker_id\":\"w-2\"}"),
        // ---- ping / pong (§2.12), error (§2.13)
        Arguments.of("ping", new WireMessage.Ping(), "{\"type\":\"ping\"}"),
        Arguments.of("pong", new WireMessage.Pong(), "{\"type\":\"pong\"}"),
        Arguments.of(
            "error",
            new WireMessage.EngineError(new ErrorBody("AUTH_ERROR", "auth function returned no result", null)),
            "{\"type\":\"error\",\"error\":{\"code\":\"AUTH_ERROR\",\"message\":\"auth function returned no result\"}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void encodesExactly(String name, WireMessage msg, String golden) {
    assertEquals(golden, WireCodec.encode(msg));
    assertArrayEquals(golden.getBytes(StandardCharsets.UTF_8), WireCodec.encodeUtf8(msg));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void decodesToTheSameRecord(String name, WireMessage msg, String golden) throws Exception {
    assertEquals(msg, WireCodec.decode(golden));
    assertEquals(msg, WireCodec.decode(golden.getBytes(StandardCharsets.UTF_8)));
  }
}
