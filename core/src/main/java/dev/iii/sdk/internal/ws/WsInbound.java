package dev.iii.sdk.internal.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes the engine sends into messages and control frames (RFC 6455 §5). Text messages are delivered
 * whole. Binary data is either passed on as it arrives, piece by piece (a channel: a byte stream whose message
 * boundaries mean nothing), or dropped (the control connection: the engine sends protocol messages only as text).
 * A text message above the limit is skipped as it streams past, never buffered, and reported (or, when the caller
 * asks, fails the connection); text that is not valid UTF-8 is reported and dropped. Only broken framing, after
 * which nothing further can be trusted, always ends the connection.
 */
final class WsInbound {
  /** What the parser found, in order. */
  interface Events {
    void text(String message);

    /** A piece of binary data (only when binary data is passed on). */
    void binary(ByteString data);

    void ping(ByteString payload);

    /** A Close frame; {@code code} is 1005 when the frame carried none. */
    void close(int code, String reason);

    /** A message that is not passed on, and why. {@code serious} separates a peer's fault from routine noise. */
    void dropped(String why, boolean serious);
  }

  private final long maxMessageBytes;
  private final boolean passBinary;
  private final boolean oversizedTextFails;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  private ByteString buffer = ByteString.emptyByteString();
  /** The opcode of the message being assembled, or -1 between messages. */
  private int messageOpcode = -1;
  private long messageLength;
  private @Nullable ByteStringBuilder fragments;
  /** The current message is being skipped (too big, or binary). */
  private boolean discarding;
  /** Payload bytes of the current frame still to skip (or pass on), and whether that frame ends its message. */
  private long skip;
  private boolean skipEndsMessage;
  /** The bytes being skipped are binary data to pass on rather than drop. */
  private boolean skipPasses;

  /**
   * @param maxMessageBytes the largest text message accepted
   * @param passBinary pass binary data on (a channel) instead of dropping it (the control connection)
   * @param oversizedTextFails a text message above the limit fails the connection instead of being dropped
   */
  WsInbound(long maxMessageBytes, boolean passBinary, boolean oversizedTextFails) {
    this.maxMessageBytes = maxMessageBytes;
    this.passBinary = passBinary;
    this.oversizedTextFails = oversizedTextFails;
  }

  void feed(ByteString bytes, Events events) {
    buffer = buffer.isEmpty() ? bytes : buffer.concat(bytes);
    while (true) {
      if (skip > 0) {
        int n = (int) Math.min(skip, buffer.size());
        if (skipPasses && n > 0) {
          events.binary(buffer.take(n));
        }
        buffer = buffer.drop(n);
        skip -= n;
        if (skip > 0) {
          return;
        }
        if (skipEndsMessage) {
          endMessage();
        }
        continue;
      }
      if (!nextFrame(events)) {
        return;
      }
    }
  }

  /** Handles one frame if it is complete (or starts skipping it); false when more bytes are needed. */
  private boolean nextFrame(Events events) {
    if (buffer.size() < 2) {
      return false;
    }
    int b0 = buffer.apply(0) & 0xFF;
    int b1 = buffer.apply(1) & 0xFF;
    boolean fin = (b0 & 0x80) != 0;
    int opcode = b0 & 0x0F;
    boolean masked = (b1 & 0x80) != 0;
    int length7 = b1 & 0x7F;
    int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    int headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (buffer.size() < headerLength) {
      return false;
    }
    long length = length7;
    if (lengthBytes > 0) {
      length = 0;
      for (int i = 0; i < lengthBytes; i++) {
        length = (length << 8) | (buffer.apply(2 + i) & 0xFF);
      }
    }
    check(opcode, fin, b0 & 0x70, length);
    boolean control = opcode >= WsFrames.CLOSE;
    if (!control) {
      boolean first = opcode != WsFrames.CONTINUATION;
      boolean binary = first ? opcode == WsFrames.BINARY : messageOpcode == WsFrames.BINARY;
      long total = (first ? 0 : messageLength) + length;
      boolean tooBig = !binary && total > maxMessageBytes;
      if (tooBig && oversizedTextFails) {
        throw new WsMessageTooBigException("a text message of more than " + maxMessageBytes + " bytes");
      }
      if ((binary && !masked) || tooBig || (!first && discarding)) {
        // Passed on or skipped as it streams past: the header is consumed now, the payload as it arrives.
        boolean passes = binary && passBinary;
        if (!passes && (first || !discarding)) {
          events.dropped(binary
              ? "a binary message (the engine sends protocol messages as text)"
              : "a message of more than " + maxMessageBytes + " bytes (the limit); its content is unknown, so a call "
                  + "it answered or an invocation it carried runs into its own timeout", !binary);
        }
        messageOpcode = first ? opcode : messageOpcode;
        messageLength = total;
        discarding = !passes;
        fragments = null;
        buffer = buffer.drop(headerLength);
        skip = length;
        skipPasses = passes;
        skipEndsMessage = fin;
        if (length == 0 && fin) {
          endMessage();
        }
        return true;
      }
      if (buffer.size() < headerLength + length) {
        return false; // state changes only once the whole frame is here: this header is parsed again then
      }
      if (first) {
        messageOpcode = opcode;
      }
      messageLength = total;
    }
    if (buffer.size() < headerLength + length) {
      return false;
    }
    ByteString payload = buffer.slice(headerLength, headerLength + (int) length);
    if (masked) {
      payload = unmask(payload, headerLength - 4);
    }
    buffer = buffer.drop(headerLength + (int) length);
    if (control) {
      onControl(opcode, payload, events);
    } else {
      onData(fin, payload, events);
    }
    return true;
  }

  private void check(int opcode, boolean fin, int reservedBits, long length) {
    if (reservedBits != 0) {
      throw new WsProtocolException("reserved bits set, but no extension was negotiated");
    }
    if (length < 0) {
      throw new WsProtocolException("a frame length above 2^63");
    }
    switch (opcode) {
      case WsFrames.CLOSE, WsFrames.PING, WsFrames.PONG -> {
        if (!fin || length > 125) {
          throw new WsProtocolException("a fragmented control frame or one longer than 125 bytes");
        }
      }
      case WsFrames.CONTINUATION -> {
        if (messageOpcode < 0) {
          throw new WsProtocolException("a continuation frame with no message to continue");
        }
      }
      case WsFrames.TEXT, WsFrames.BINARY -> {
        if (messageOpcode >= 0) {
          throw new WsProtocolException("a new message before the previous one ended");
        }
      }
      default -> throw new WsProtocolException("unknown opcode " + opcode);
    }
  }

  /** The engine must not mask its frames; should one do so anyway, the payload is still readable. */
  private ByteString unmask(ByteString masked, int keyAt) {
    byte[] key = buffer.slice(keyAt, keyAt + 4).toArray();
    byte[] bytes = masked.toArray();
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] ^= key[i & 3];
    }
    return ByteString.fromArrayUnsafe(bytes);
  }

  private void onControl(int opcode, ByteString payload, Events events) {
    if (opcode == WsFrames.PING) {
      events.ping(payload);
    } else if (opcode == WsFrames.CLOSE) {
      if (payload.size() == 1) {
        throw new WsProtocolException("a Close frame with a one-byte payload");
      }
      int code = payload.size() >= 2 ? ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF) : 1005;
      events.close(code, payload.size() > 2 ? payload.drop(2).utf8String() : "");
    }
    // PONG: nothing to do; the protocol-level ping/pong is what keeps our idle timer honest.
  }

  private void onData(boolean fin, ByteString payload, Events events) {
    if (messageOpcode == WsFrames.BINARY) { // only a masked binary frame comes this way
      if (fin) {
        endMessage();
      }
      if (passBinary && !payload.isEmpty()) {
        events.binary(payload);
      }
      return;
    }
    if (!fin) {
      if (fragments == null) {
        fragments = new ByteStringBuilder();
      }
      fragments.append(payload);
      return;
    }
    ByteString whole = payload;
    if (fragments != null) {
      fragments.append(payload);
      whole = fragments.result();
    }
    endMessage();
    String text = decode(whole);
    if (text == null) {
      events.dropped("a text message of " + whole.size() + " bytes that is not valid UTF-8", true);
    } else {
      events.text(text);
    }
  }

  private @Nullable String decode(ByteString bytes) {
    try {
      ByteBuffer buf = bytes.asByteBuffer();
      return utf8.reset().decode(buf).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private void endMessage() {
    messageOpcode = -1;
    messageLength = 0;
    fragments = null;
    discarding = false;
    skipEndsMessage = false;
    skipPasses = false;
  }
}
