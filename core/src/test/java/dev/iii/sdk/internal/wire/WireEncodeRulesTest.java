package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import dev.iii.sdk.internal.wire.WireMessage.HttpInvocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PROTOCOL §1.4 writing rules that the golden frames do not already pin down. */
class WireEncodeRulesTest {

  @Test
  void requiredEmptyMembersAreAlwaysWritten() {
    assertEquals("{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":null}",
        WireCodec.encode(new WireMessage.InvokeFunction(null, "f", null, null, null, null, null, null)));
    assertEquals("{\"type\":\"invokefunction\",\"function_id\":\"f\",\"data\":null}",
        WireCodec.encode(new WireMessage.InvokeFunction(
            null, "f", MissingNode.getInstance(), null, null, null, null, null)));
    assertEquals("{\"type\":\"registertrigger\",\"id\":\"t\",\"trigger_type\":\"x\",\"function_id\":\"f\",\"config\":null}",
        WireCodec.encode(new WireMessage.RegisterTrigger("t", "x", "f", null, null, null, null)));
    assertEquals("{\"type\":\"registerservice\",\"id\":\"svc\",\"name\":\"svc\"}",
        WireCodec.encode(new WireMessage.RegisterService("svc", null, null, null)));
    assertEquals("{\"type\":\"registertriggertype\",\"id\":\"t\",\"description\":\"\"}",
        WireCodec.encode(new WireMessage.RegisterTriggerType("t", null, null, null, null)));
  }

  @Test
  void errorBodyAlwaysHasStringCodeAndMessage() {
    UUID id = UUID.randomUUID();
    String text = WireCodec.encode(
        new WireMessage.InvocationResult(id, "f", null, new ErrorBody(null, null, null), null, null));
    assertEquals("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id + "\",\"function_id\":\"f\","
        + "\"error\":{\"code\":\"\",\"message\":\"\"}}", text);
  }

  @Test
  void headersKeepTheirOrderAndRejectNulls() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("b", "2");
    headers.put("a", "1");
    String text = WireCodec.encode(new WireMessage.RegisterFunction("x", null, null, null, null,
        new HttpInvocation("https://h", null, null, headers, null)));
    assertTrue(text.contains("\"headers\":{\"b\":\"2\",\"a\":\"1\"}"), text);
    headers.put("c", null);
    var ex = assertThrows(IllegalArgumentException.class, () -> WireCodec.encode(new WireMessage.RegisterFunction(
        "x", null, null, null, null, new HttpInvocation("https://h", null, null, headers, null))));
    assertTrue(ex.getMessage().contains("headers"), ex.getMessage());
  }

  @Test
  void missingRequiredMembersAreNamedInTheError() {
    var ex = assertThrows(IllegalArgumentException.class,
        () -> WireCodec.encode(new WireMessage.InvokeFunction(null, null, null, null, null, null, null, null)));
    assertTrue(ex.getMessage().contains("invokefunction") && ex.getMessage().contains("function_id"),
        ex.getMessage());
  }

  private static WireMessage invokeWithArraysNested(int dataDepth) {
    ArrayNode root = JsonNodeFactory.instance.arrayNode();
    ArrayNode cur = root;
    for (int i = 1; i < dataDepth; i++) {
      cur = cur.addArray();
    }
    return new WireMessage.InvokeFunction(null, "f", root, null, null, null, null, null);
  }

  /**
   * serde_json (the engine's parser) refuses the 128th nested container, so the engine would drop the frame
   * silently; the codec refuses to write it instead. 126 levels of data + the message object = 127: the most the
   * engine reads.
   */
  @Test
  void nestingIsCappedWhereTheEngineStopsReading() throws Exception {
    String ok = WireCodec.encode(invokeWithArraysNested(126));
    assertEquals(126, ok.chars().filter(c -> c == '[').count());
    assertEquals(WireCodec.decode(ok), invokeWithArraysNested(126));
    var ex = assertThrows(IllegalArgumentException.class, () -> WireCodec.encode(invokeWithArraysNested(127)));
    assertTrue(ex.getMessage().contains("127"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WireCodec.encodeUtf8(invokeWithArraysNested(127)));
  }

  @Test
  void overlyDeepPayloadsFailCleanly() {
    WireMessage deep = invokeWithArraysNested(50_000);
    assertThrows(IllegalArgumentException.class, () -> WireCodec.encode(deep));
    assertThrows(IllegalArgumentException.class, () -> WireCodec.encodeUtf8(deep));
  }

  @Test
  void specialCharactersAreEscapedOnlyAsJsonRequires() throws Exception {
    var msg = new WireMessage.InvokeFunction(null, "f", JsonNodeFactory.instance.textNode("q\"\\\n\u0001é😀"),
        null, null, null, null, null);
    String text = WireCodec.encode(msg);
    assertTrue(text.contains("\"q\\\"\\\\\\n\\u0001é😀\""), text);
    assertEquals(msg, WireCodec.decode(text));
    assertEquals(msg, WireCodec.decode(WireCodec.encodeUtf8(msg)));
  }
}
