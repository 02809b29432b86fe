package dev.iii.sdk.internal.ws;

import dev.iii.sdk.IIIException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;

/** The client's opening handshake (RFC 6455 §4.1): the upgrade request, and the checks on the engine's answer. */
final class WsHandshake {
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** A response head larger than this is not a WebSocket upgrade answer. */
  static final int MAX_RESPONSE_HEAD = 64 * 1024;

  private final String key;
  private final ByteString request;

  WsHandshake(URI uri, Map<String, String> headers, RandomGenerator random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    this.key = Base64.getEncoder().encodeToString(nonce);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort();
    String host = uri.getHost() + (port == -1 || port == (secure ? 443 : 80) ? "" : ":" + port);
    StringBuilder head = new StringBuilder(256)
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      requireToken(h.getKey());
      requireValue(h.getKey(), h.getValue());
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    this.request = ByteString.fromString(head.append("\r\n").toString(), StandardCharsets.UTF_8);
  }

  ByteString request() {
    return request;
  }

  /** Index just past the blank line that ends the response head, or -1 while it is incomplete. */
  static int headEnd(ByteString bytes) {
    for (int i = 3; i < bytes.size(); i++) {
      if (bytes.apply(i) == '\n' && bytes.apply(i - 1) == '\r' && bytes.apply(i - 2) == '\n'
          && bytes.apply(i - 3) == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Checks the response head; throws {@link WsUpgradeException} (with the status) when it is not a valid 101. */
  WsUpgrade verify(ByteString head) {
    String[] lines = head.decodeString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new WsUpgradeException(0, "not an HTTP response: " + abbreviate(lines[0]));
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new WsUpgradeException(0, "not an HTTP status line: " + abbreviate(lines[0]));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        fields.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    String reason = status.length > 2 ? status[2] : "";
    if (code != 101) {
      throw new WsUpgradeException(code, "HTTP " + code + (reason.isEmpty() ? "" : " " + reason));
    }
    if (!"websocket".equalsIgnoreCase(fields.getOrDefault("upgrade", ""))) {
      throw new WsUpgradeException(code, "HTTP 101 without 'Upgrade: websocket'");
    }
    if (!hasToken(fields.get("connection"), "upgrade")) {
      throw new WsUpgradeException(code, "HTTP 101 without 'Connection: Upgrade'");
    }
    if (!expectedAccept().equals(fields.get("sec-websocket-accept"))) {
      throw new WsUpgradeException(code, "HTTP 101 with a wrong Sec-WebSocket-Accept");
    }
    if (fields.containsKey("sec-websocket-extensions")) {
      throw new WsUpgradeException(code, "the engine chose an extension the worker did not offer: "
          + fields.get("sec-websocket-extensions"));
    }
    return new WsUpgrade(code, Map.copyOf(fields));
  }

  private String expectedAccept() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  private static boolean hasToken(@Nullable String value, String token) {
    if (value == null) {
      return false;
    }
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  private static void requireToken(String name) {
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
      throw new IIIException("invalid header name '" + name + "'");
    }
  }

  private static void requireValue(String name, String value) {
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IIIException("header '" + name + "' has a line break or NUL in its value");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
