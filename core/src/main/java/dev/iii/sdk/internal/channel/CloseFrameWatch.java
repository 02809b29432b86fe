package dev.iii.sdk.internal.channel;

import org.apache.pekko.util.ByteString;

/**
 * Tells whether the engine sent a WebSocket Close frame before the connection ended.
 *
 * <p>Why: Pekko HTTP's client completes the message stream normally both when the peer sends Close and when the
 * TCP connection simply ends (a crashed engine, a cut network), so at the message level a truncated channel looks
 * like a finished one. This scanner watches the decrypted bytes from the server (below Pekko's WebSocket layer):
 * it skips the HTTP response head, then follows the frame headers (server frames are unmasked; the payload is
 * skipped by length, never copied) and records a complete Close frame. Single-threaded use from one stream stage;
 * the flag is read from other threads.
 */
final class CloseFrameWatch {
  private static final int OPCODE_CLOSE = 0x8;

  private boolean inHead = true;
  private int headMatch; // how much of "\r\n\r\n" was matched so far
  private final byte[] header = new byte[14];
  private int headerLen;
  private int headerNeeded = 2;
  private long payloadLeft;
  private boolean frameIsClose;
  private int closeCodeBytes; // bytes of the close code read so far (the payload's first two)
  private int closeCode;
  private volatile boolean closeFrameSeen;
  private volatile boolean normalClose;

  boolean closeFrameSeen() {
    return closeFrameSeen;
  }

  /**
   * True if the Close frame says the end is normal: no status code, or 1000. The engine answers a Close with the
   * same code; anything else (e.g. Pekko's 1011 "internal error" when a server handler fails) is not a clean end.
   */
  boolean normalClose() {
    return normalClose;
  }

  void accept(ByteString bytes) {
    int n = bytes.size();
    int i = 0;
    while (i < n) {
      if (inHead) {
        byte b = bytes.apply(i++);
        headMatch = switch (headMatch) {
          case 0, 2 -> b == '\r' ? headMatch + 1 : 0;
          case 1, 3 -> b == '\n' ? headMatch + 1 : (b == '\r' ? 1 : 0);
          default -> 0;
        };
        if (headMatch == 4) {
          inHead = false;
        }
      } else if (payloadLeft > 0 && frameIsClose && closeCodeBytes < 2) {
        closeCode = (closeCode << 8) | (bytes.apply(i++) & 0xFF);
        closeCodeBytes++;
        if (--payloadLeft == 0) {
          frameDone();
        }
      } else if (payloadLeft > 0) {
        long skip = Math.min(payloadLeft, n - i);
        payloadLeft -= skip;
        i += (int) skip;
        if (payloadLeft == 0) {
          frameDone();
        }
      } else {
        header[headerLen++] = bytes.apply(i++);
        if (headerLen == 2) {
          int len7 = header[1] & 0x7F;
          boolean masked = (header[1] & 0x80) != 0;
          headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        }
        if (headerLen == headerNeeded) {
          startPayload();
        }
      }
    }
  }

  private void startPayload() {
    frameIsClose = (header[0] & 0x0F) == OPCODE_CLOSE;
    closeCodeBytes = 0;
    closeCode = 0;
    int len7 = header[1] & 0x7F;
    long len = len7;
    if (len7 == 126) {
      len = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
    } else if (len7 == 127) {
      len = 0;
      for (int k = 2; k < 10; k++) {
        len = (len << 8) | (header[k] & 0xFFL);
      }
    }
    headerLen = 0;
    headerNeeded = 2;
    payloadLeft = len;
    if (len == 0) {
      frameDone();
    }
  }

  private void frameDone() {
    if (frameIsClose) {
      normalClose = closeCodeBytes == 0 || closeCode == 1000;
      closeFrameSeen = true;
    }
    frameIsClose = false;
  }
}
