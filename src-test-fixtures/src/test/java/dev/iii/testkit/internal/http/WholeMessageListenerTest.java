package dev.iii.testkit.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WholeMessageListenerTest {

  private final List<String> texts = new ArrayList<>();
  private final List<byte[]> binaries = new ArrayList<>();
  private final WholeMessageListener listener = new WholeMessageListener(texts::add, binaries::add);
  private final AtomicLong requested = new AtomicLong();
  /** Only request(n) is expected of the socket; anything else would be a surprise worth failing on. */
  private final WebSocket socket = (WebSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {WebSocket.class}, (proxy, method, args) -> {
        if (method.getName().equals("request")) {
          requested.addAndGet((Long) args[0]);
          return null;
        }
        throw new AssertionError("unexpected call " + method.getName());
      });

  @Test
  void textFragmentsBecomeOneMessageAndEachFragmentAsksForTheNext() {
    listener.onText(socket, "hel", false);
    listener.onText(socket, "lo", true);
    listener.onText(socket, "again", true);

    assertEquals(List.of("hello", "again"), texts);
    assertEquals(3, requested.get());
  }

  @Test
  void binaryFragmentsBecomeOneMessageAndTheBufferStartsAfreshAfterIt() {
    listener.onBinary(socket, ByteBuffer.wrap(bytes("ab")), false);
    listener.onBinary(socket, ByteBuffer.wrap(bytes("cd")), true);
    listener.onBinary(socket, ByteBuffer.wrap(bytes("e")), true);

    assertEquals(2, binaries.size());
    assertArrayEquals(bytes("abcd"), binaries.get(0));
    assertArrayEquals(bytes("e"), binaries.get(1));
    assertEquals(3, requested.get());
  }

  @Test
  void onlyTheReadableBytesOfAFragmentAreTaken() {
    ByteBuffer buffer = ByteBuffer.wrap(bytes("xxpayloadyy"), 2, 7);
    listener.onBinary(socket, buffer, true);

    assertArrayEquals(bytes("payload"), binaries.get(0));
    assertEquals(List.of(), texts);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
