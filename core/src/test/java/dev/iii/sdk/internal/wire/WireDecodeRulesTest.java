package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PROTOCOL §1.4 decoding rules, one by one, beyond what the vectors show. */
class WireDecodeRulesTest {

  private static final UUID INV = UUID.fromString("0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11");

  private static String invoke(String idJson) {
    return "{\"type\":\"invokefunction\",\"invocation_id\":" + idJson + ",\"function_id\":\"f\",\"data\":{}}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11",
        "0B6A8D0E-4D55-4A8F-9D0E-3C6F7A2B1C11",
        "0b6A8d0E-4d55-4A8f-9D0e-3c6F7a2B1c11",
        "0b6a8d0e4d554a8f9d0e3c6f7a2b1c11",
        "0B6A8D0E4D554A8F9D0E3C6F7A2B1C11",
        "{0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11}",
        "urn:uuid:0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11"
      })
  void acceptsEveryUuidFormTheEngineAccepts(String id) throws Exception {
    var msg = (WireMessage.InvokeFunction) WireCodec.decode(invoke("\"" + id + "\""));
    assertEquals(INV, msg.invocationId());
    // ... and always writes it back canonical
    assertTrue(WireCodec.encode(msg).contains("\"invocation_id\":\"0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11\""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "inv-42",
        "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c1",
        "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c111",
        "0b6a8d0e-4d554a8f-9d0e-3c6f7a2b1c11-",
        "1-2-3-4-5",
        "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c1g",
        "{0b6a8d0e4d554a8f9d0e3c6f7a2b1c11}",
        "(0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11)",
        "URN:UUID:0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11",
        "urn:uuid:0b6a8d0e4d554a8f9d0e3c6f7a2b1c11",
        "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c1\uFF11"
      })
  void rejectsOtherIdStrings(String id) {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(invoke("\"" + id + "\"")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "true", "{}", "[]"})
  void rejectsNonStringIds(String idJson) {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(invoke(idJson)));
  }

  @Test
  void nullInvocationIdOnAnInvokeIsAbsent() throws Exception {
    var msg = (WireMessage.InvokeFunction) WireCodec.decode(invoke("null"));
    assertNull(msg.invocationId());
  }

  @Test
  void invocationResultKeepsAbsentAndExplicitNullApart() throws Exception {
    String base = "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV + "\",\"function_id\":\"f\"";
    assertNull(((WireMessage.InvocationResult) WireCodec.decode(base + "}")).result());
    assertSame(NullNode.getInstance(),
        ((WireMessage.InvocationResult) WireCodec.decode(base + ",\"result\":null}")).result());
  }

  @Test
  void invokeDataMustBePresentButMayBeNull() throws Exception {
    var ex = assertThrows(WireDecodeException.class,
        () -> WireCodec.decode("{\"type\":\"invokefunction\",\"function_id\":\"f\"}"));
    assertTrue(ex.getMessage().contains("data"), ex.getMessage());
    var msg = (WireMessage.InvokeFunction)
        WireCodec.decode("{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":null}");
    assertSame(NullNode.getInstance(), msg.data());
  }

  @Test
  void registerTriggerConfigMustBePresent() throws Exception {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(
        "{\"type\":\"registertrigger\",\"id\":\"t\",\"trigger_type\":\"x\",\"function_id\":\"f\"}"));
    var msg = (WireMessage.RegisterTrigger) WireCodec.decode(
        "{\"type\":\"registertrigger\",\"id\":\"t\",\"trigger_type\":\"x\",\"function_id\":\"f\",\"config\":null}");
    assertSame(NullNode.getInstance(), msg.config());
  }

  @Test
  void unknownTypeOfAWellFormedObjectIsUnknown() throws Exception {
    var msg = assertInstanceOf(WireMessage.Unknown.class,
        WireCodec.decode("{\"type\":\"futuremessage\",\"x\":[1,2]}"));
    assertEquals("futuremessage", msg.type());
    assertEquals(2, msg.raw().get("x").size());
    // The tag is case-sensitive: "Ping" is not ping.
    assertInstanceOf(WireMessage.Unknown.class, WireCodec.decode("{\"type\":\"Ping\"}"));
    // Round trip keeps it as it was.
    assertEquals("{\"type\":\"futuremessage\",\"x\":[1,2]}", WireCodec.encode(msg));
  }

  @Test
  void unknownMembersAreIgnored() throws Exception {
    assertEquals(new WireMessage.Ping(), WireCodec.decode("{\"type\":\"ping\",\"x\":1,\"y\":{\"z\":[]}}"));
    assertEquals(new WireMessage.WorkerRegistered("w", null),
        WireCodec.decode("{\"new_field\":true,\"worker_id\":\"w\",\"type\":\"workerregistered\"}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[\"ping\"]",
        "\"ping\"",
        "42",
        "null",
        "{}",
        "{\"type\":null}",
        "{\"type\":7}",
        "{\"type\":\"ping\"",
        "{\"type\":\"ping\"} {\"type\":\"ping\"}",
        "{\"type\":\"ping\"}x",
        "{type:\"ping\"}"
      })
  void rejectsWhatIsNotOneMessageObject(String text) {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(text));
  }

  @Test
  void rejectsNullInput() {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode((String) null));
    assertThrows(WireDecodeException.class, () -> WireCodec.decode((byte[]) null));
  }

  @Test
  void errorObjectsNeedStringCodeAndMessage() {
    String base = "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV + "\",\"function_id\":\"f\",\"error\":";
    for (String bad : new String[] {
        "{\"code\":\"c\"}", "{\"message\":\"m\"}", "{\"code\":1,\"message\":\"m\"}", "{\"code\":\"c\",\"message\":null}",
        "\"boom\"", "[]", "{\"code\":\"c\",\"message\":\"m\",\"stacktrace\":5}"}) {
      assertThrows(WireDecodeException.class, () -> WireCodec.decode(base + bad + "}"), bad);
    }
    assertThrows(WireDecodeException.class, () -> WireCodec.decode("{\"type\":\"error\"}"));
    assertThrows(WireDecodeException.class, () -> WireCodec.decode("{\"type\":\"error\",\"error\":{\"code\":\"c\"}}"));
  }

  @Test
  void engineHandshakeErrorFrameInSortedKeyOrder() throws Exception {
    var msg = assertInstanceOf(WireMessage.EngineError.class,
        WireCodec.decode("{\"error\":{\"code\":\"AUTH_ERROR\",\"message\":\"denied\"},\"type\":\"error\"}"));
    assertEquals(new WireMessage.ErrorBody("AUTH_ERROR", "denied", null), msg.error());
  }

  @Test
  void optionalStringsMustBeStringsWhenPresent() throws Exception {
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(
        "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":{},\"traceparent\":5}"));
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(
        "{\"type\":\"workerregistered\",\"worker_id\":\"w\",\"reattach_token\":[]}"));
    assertThrows(WireDecodeException.class, () -> WireCodec.decode("{\"type\":\"workerregistered\"}"));
    var ok = (WireMessage.InvokeFunction) WireCodec.decode(
        "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":{},\"traceparent\":null,\"action\":null}");
    assertNull(ok.traceparent());
    assertNull(ok.action());
  }

  @Test
  void headVersionMessages() throws Exception {
    assertEquals(new WireMessage.WorkerRegistered("w-1", "tok"),
        WireCodec.decode("{\"type\":\"workerregistered\",\"worker_id\":\"w-1\",\"reattach_token\":\"tok\"}"));
    assertEquals(new WireMessage.RegistrationRejected("FUNCTION_NAMESPACE_CONFLICT", "default", null, "a::b", ""),
        WireCodec.decode("{\"type\":\"registrationrejected\",\"code\":\"FUNCTION_NAMESPACE_CONFLICT\","
            + "\"namespace\":\"default\",\"function_id\":\"a::b\",\"owner_worker_id\":\"\"}"));
    assertEquals(new WireMessage.RegistrationRejected("X", null, null, null, null),
        WireCodec.decode("{\"type\":\"registrationrejected\",\"code\":\"X\"}"));
    assertThrows(WireDecodeException.class, () -> WireCodec.decode("{\"type\":\"registrationrejected\"}"));
    assertEquals(new WireMessage.Reattach("w-0", null),
        WireCodec.decode("{\"type\":\"reattach\",\"previous_worker_id\":\"w-0\"}"));
    var inv = (WireMessage.InvokeFunction) WireCodec.decode(
        "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":1,\"namespace\":\"ns\",\"metadata\":{\"a\":1}}");
    assertEquals("ns", inv.namespace());
    assertEquals(1, inv.metadata().get("a").intValue());
  }

  @Test
  void httpInvocationRules() throws Exception {
    String pre = "{\"type\":\"registerfunction\",\"id\":\"x\",\"invocation\":{\"url\":\"u\"";
    for (String bad : new String[] {
        ",\"method\":\"post\"", ",\"method\":null", ",\"headers\":null", ",\"headers\":{\"a\":1}",
        ",\"timeout_ms\":-1", ",\"timeout_ms\":1.5", ",\"timeout_ms\":\"10\"", ",\"timeout_ms\":99999999999999999999",
        ",\"auth\":{\"type\":\"basic\"}", ",\"auth\":{\"type\":\"hmac\"}"}) {
      assertThrows(WireDecodeException.class, () -> WireCodec.decode(pre + bad + "}}"), bad);
    }
    var fn = (WireMessage.RegisterFunction) WireCodec.decode(pre + ",\"timeout_ms\":null,\"auth\":null}}");
    assertEquals(new WireMessage.HttpInvocation("u", null, null, null, null), fn.invocation());
  }

  @Test
  void deeplyNestedInputIsADecodeErrorNotAStackOverflow() {
    int depth = 100_000;
    String deep = "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}";
    var ex = assertThrows(WireDecodeException.class, () -> WireCodec.decode(deep));
    assertTrue(ex.getMessage().toLowerCase().contains("nesting"), ex.getMessage());
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(deep.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void payloadsNestedDeeperThanTheEngineWritesStillDecode() throws Exception {
    int depth = 300;
    String nested = "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":"
        + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    var msg = (WireMessage.InvokeFunction) WireCodec.decode(nested);
    assertEquals(1, msg.data().at("/a".repeat(depth)).intValue());
  }

  @Test
  void invalidUtf8InABinaryFrameIsADecodeError() {
    byte[] bytes = "{\"type\":\"ping\",\"x\":\"  \"}".getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 4] = (byte) 0xC3; // a lead byte followed by an ASCII quote: malformed
    assertThrows(WireDecodeException.class, () -> WireCodec.decode(bytes));
  }

  @Test
  void longStringsAreNotTheCodecsBusiness() throws Exception {
    String big = "x".repeat(25_000_000); // above Jackson's default 20M-char string limit
    var msg = (WireMessage.InvokeFunction) WireCodec.decode(
        "{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":\"" + big + "\"}");
    assertEquals(big.length(), msg.data().textValue().length());
  }

  @Test
  void decodeErrorsDoNotEchoLargePayloads() {
    String big = "y".repeat(10_000);
    var ex = assertThrows(WireDecodeException.class, () -> WireCodec.decode(invoke("\"" + big + "\"")));
    assertTrue(ex.getMessage().length() < 300, ex.getMessage());
    assertFalse(ex.getMessage().contains(big));
  }

  @Test
  void decodeThenEncodeIsStableForEveryTypedMessage() throws Exception {
    // A micro-check that the hot path round-trips without surprises; deliberately no timing assertion.
    String frame = "{\"type\":\"invocationresult\",\"invocation_id\":\"" + INV + "\",\"function_id\":\"f\","
        + "\"result\":{\"n\":[1,2.5,\"s\",true,null]}}";
    for (int i = 0; i < 1_000; i++) {
      assertEquals(frame, WireCodec.encode(WireCodec.decode(frame)));
    }
  }
}
