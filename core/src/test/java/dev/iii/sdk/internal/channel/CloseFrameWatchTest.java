package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The scanner that tells a Close frame from a connection that just ended. */
class CloseFrameWatchTest {
  private static final byte[] HEAD =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static byte[] frame(int opcode, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    if (length < 126) {
      out.write(length);
    } else if (length < 65_536) {
      out.write(126);
      out.write(length >>> 8);
      out.write(length & 0xFF);
    } else {
      out.write(127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) length >>> (8 * i)) & 0xFF);
      }
    }
    byte[] payload = new byte[length];
    // A payload full of bytes that look like Close frame headers must not fool the scanner.
    java.util.Arrays.fill(payload, (byte) 0x88);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static CloseFrameWatch feed(byte[] all, int chunk) {
    CloseFrameWatch w = new CloseFrameWatch();
    for (int i = 0; i < all.length; i += chunk) {
      w.accept(ByteString.fromArray(all, i, Math.min(chunk, all.length - i)));
    }
    return w;
  }

  @Test
  void seesACloseFrameAfterDataFramesOfEverySize() {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(HEAD);
    s.writeBytes(frame(0x2, 5));
    s.writeBytes(frame(0x1, 300));
    s.writeBytes(frame(0x2, 70_000));
    s.writeBytes(frame(0x8, 2));
    byte[] all = s.toByteArray();
    for (int chunk : new int[] {1, 3, 7, 1000, all.length}) {
      assertTrue(feed(all, chunk).closeFrameSeen(), "chunk size " + chunk);
    }
  }

  @Test
  void dataAloneOrATruncatedCloseFrameIsNotAClose() {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(HEAD);
    s.writeBytes(frame(0x2, 70_000));
    assertFalse(feed(s.toByteArray(), 4096).closeFrameSeen());
    byte[] close = frame(0x8, 2);
    s.write(close, 0, 3); // header and one byte of the code
    assertFalse(feed(s.toByteArray(), 4096).closeFrameSeen());
    assertFalse(feed(HEAD, 5).closeFrameSeen());
  }

  @Test
  void onlyCode1000OrNoCodeIsANormalClose() {
    for (int[] c : new int[][] {{1000, 1}, {1011, 0}, {1001, 0}}) {
      ByteArrayOutputStream s = new ByteArrayOutputStream();
      s.writeBytes(HEAD);
      s.write(0x88);
      s.write(2);
      s.write(c[0] >>> 8);
      s.write(c[0] & 0xFF);
      CloseFrameWatch w = feed(s.toByteArray(), 1);
      assertTrue(w.closeFrameSeen());
      assertTrue(w.normalClose() == (c[1] == 1), "code " + c[0]);
    }
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    empty.writeBytes(HEAD);
    empty.write(0x88);
    empty.write(0);
    assertTrue(feed(empty.toByteArray(), 7).normalClose());
  }
}
