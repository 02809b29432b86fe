package dev.iii.sdk.internal.ws;

import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;

/**
 * Client frame encoding (RFC 6455 §5.2): every frame a client sends is masked. One array per frame holds the header
 * and the masked payload, so a frame costs one allocation and one pass over the payload.
 */
final class WsFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  static final int CLOSE_NORMAL = 1000;
  static final int CLOSE_PROTOCOL_ERROR = 1002;

  /**
   * Masking keys only need to be unpredictable to the network path (proxy cache poisoning, RFC 6455 §10.3); a
   * generator seeded once per connection from a strong source gives that without a lock per frame.
   */
  private final SplittableRandom random;

  WsFrames(long seed) {
    this.random = new SplittableRandom(seed);
  }

  ByteString frame(int opcode, boolean fin, byte[] payload, int offset, int length) {
    int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
    int maskAt = 2 + lengthBytes;
    int payloadAt = maskAt + 4;
    byte[] frame = new byte[payloadAt + length];
    frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
    if (lengthBytes == 0) {
      frame[1] = (byte) (0x80 | length);
    } else if (lengthBytes == 2) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = (byte) (0x80 | 127);
      long l = length;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (l >>> (56 - 8 * i));
      }
    }
    int mask = random.nextInt();
    frame[maskAt] = (byte) (mask >>> 24);
    frame[maskAt + 1] = (byte) (mask >>> 16);
    frame[maskAt + 2] = (byte) (mask >>> 8);
    frame[maskAt + 3] = (byte) mask;
    for (int i = 0; i < length; i++) {
      frame[payloadAt + i] = (byte) (payload[offset + i] ^ frame[maskAt + (i & 3)]);
    }
    return ByteString.fromArrayUnsafe(frame);
  }

  /** A close frame with a status code and a short reason (control payloads are at most 125 bytes). */
  ByteString close(int code, String reason) {
    byte[] text = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int n = Math.min(text.length, 123);
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, n);
    return frame(CLOSE, true, payload, 0, payload.length);
  }
}
