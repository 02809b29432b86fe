package dev.iii.sdk.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.IIIException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class WsHandshakeTest {

  private static WsHandshake handshake(String url, Map<String, String> headers) {
    return new WsHandshake(URI.create(url), headers, new Random(7));
  }

  private static String requestText(WsHandshake h) {
    return h.request().decodeString(StandardCharsets.ISO_8859_1);
  }

  private static String keyOf(WsHandshake h) {
    return requestText(h).lines().filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow()
        .substring("Sec-WebSocket-Key: ".length());
  }

  /** RFC 6455 §1.3, computed here independently of the class under test. */
  private static String acceptFor(String key) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
  }

  private static ByteString response(String head) {
    return ByteString.fromString(head + "\r\n\r\n", StandardCharsets.ISO_8859_1);
  }

  @Test
  void theRequestIsAnUpgradeWithThePathQueryHostAndUserHeaders() {
    String req = requestText(handshake("ws://127.0.0.1:49134/ws/channels/c1?key=k&dir=read",
        Map.of("Authorization", "Bearer t")));
    assertTrue(req.startsWith("GET /ws/channels/c1?key=k&dir=read HTTP/1.1\r\n"), req);
    assertTrue(req.contains("\r\nHost: 127.0.0.1:49134\r\n"), req);
    assertTrue(req.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"), req);
    assertTrue(req.contains("\r\nSec-WebSocket-Version: 13\r\n"), req);
    assertTrue(req.contains("\r\nAuthorization: Bearer t\r\n"), req);
    assertTrue(req.endsWith("\r\n\r\n"));
    assertEquals(16, Base64.getDecoder().decode(keyOf(handshake("ws://h/", Map.of()))).length);
    assertTrue(requestText(handshake("wss://example.org/", Map.of())).contains("\r\nHost: example.org\r\n"),
        "the default port is left out");
  }

  @Test
  void headersThatCouldSmuggleLinesAreRefused() {
    assertThrows(IIIException.class, () -> handshake("ws://h/", Map.of("X-Evil", "a\r\nX-Injected: 1")));
    assertThrows(IIIException.class, () -> handshake("ws://h/", Map.of("Bad Name", "v")));
    assertThrows(IIIException.class, () -> handshake("ws://h/", Map.of("", "v")));
  }

  @Test
  void aValid101IsAcceptedWithItsHeaders() throws Exception {
    WsHandshake h = handshake("ws://h/", Map.of());
    WsUpgrade up = h.verify(response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\n"
        + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " + acceptFor(keyOf(h)) + "\r\nX-Extra: 1"));
    assertEquals(101, up.status());
    assertEquals("1", up.headers().get("x-extra"));
  }

  @Test
  void everythingElseIsRefusedWithTheStatusWhenThereIsOne() throws Exception {
    WsHandshake h = handshake("ws://h/", Map.of());
    String accept = "Sec-WebSocket-Accept: " + acceptFor(keyOf(h));
    WsUpgradeException notFound = assertThrows(WsUpgradeException.class,
        () -> h.verify(response("HTTP/1.1 404 Not Found\r\nContent-Length: 0")));
    assertEquals(404, notFound.status());
    assertTrue(notFound.getMessage().contains("HTTP 404 Not Found"), notFound.getMessage());
    assertEquals(0, assertThrows(WsUpgradeException.class, () -> h.verify(response("SSH-2.0-OpenSSH"))).status());
    assertThrows(WsUpgradeException.class, () -> h.verify(response(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x")));
    assertThrows(WsUpgradeException.class, () -> h.verify(response(
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + accept)));
    assertThrows(WsUpgradeException.class, () -> h.verify(response(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" + accept)));
    assertThrows(WsUpgradeException.class, () -> h.verify(response("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + accept + "\r\nSec-WebSocket-Extensions: permessage-deflate")));
  }

  @Test
  void theHeadEndsAtTheFirstBlankLine() {
    assertEquals(-1, WsHandshake.headEnd(ByteString.fromString("HTTP/1.1 101 OK\r\nA: b\r\n")));
    ByteString withFrame = ByteString.fromString("HTTP/1.1 101 OK\r\n\r\n").concat(ByteString.fromArray(new byte[] {
        (byte) 0x81, 0}));
    assertEquals(withFrame.size() - 2, WsHandshake.headEnd(withFrame));
  }
}
