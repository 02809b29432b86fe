package dev.iii.sdk.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class WsInboundTest {

  /** Everything the parser reported, as readable lines. */
  private static final class Recorder implements WsInbound.Events {
    final List<String> events = new ArrayList<>();

    @Override
    public void text(String message) {
      events.add("text:" + message);
    }

    @Override
    public void binary(ByteString data) {
      events.add("binary:" + data.size());
    }

    @Override
    public void ping(ByteString payload) {
      events.add("ping:" + payload.utf8String());
    }

    @Override
    public void close(int code, String reason) {
      events.add("close:" + code + ":" + reason);
    }

    @Override
    public void dropped(String why, boolean serious) {
      events.add((serious ? "DROPPED:" : "dropped:") + why);
    }
  }

  /** A server frame (unmasked unless asked), built independently of {@link WsFrames}. */
  private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      out.write(maskBit | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (((long) payload.length >>> (8 * i)) & 0xFF));
      }
    }
    byte[] key = {0x12, 0x34, 0x56, 0x78};
    if (masked) {
      out.writeBytes(key);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
    }
    return out.toByteArray();
  }

  private static byte[] text(String s) {
    return frame(WsFrames.TEXT, true, s.getBytes(StandardCharsets.UTF_8), false);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static WsInbound control(long max) {
    return new WsInbound(max, false, false);
  }

  private static WsInbound channel(long max) {
    return new WsInbound(max, true, true);
  }

  private static List<String> feedInChunks(WsInbound in, byte[] bytes, int chunk) {
    Recorder r = new Recorder();
    for (int at = 0; at < bytes.length; at += chunk) {
      in.feed(ByteString.fromArray(bytes, at, Math.min(chunk, bytes.length - at)), r);
    }
    return r.events;
  }

  @Test
  void messagesArriveWholeHoweverTheBytesAreCut() {
    byte[] wire = concat(text("{\"type\":\"ping\"}"), text("é€😀"), text(""));
    for (int chunk : new int[] {1, 2, 3, 7, wire.length}) {
      assertEquals(List.of("text:{\"type\":\"ping\"}", "text:é€😀", "text:"),
          feedInChunks(control(1024), wire, chunk), "chunk size " + chunk);
    }
  }

  @Test
  void fragmentsAreJoinedEvenWhenACharacterIsSplitAndAPingComesBetween() {
    byte[] euro = "a€b".getBytes(StandardCharsets.UTF_8); // € is 3 bytes: cut inside it
    byte[] wire = concat(
        frame(WsFrames.TEXT, false, java.util.Arrays.copyOfRange(euro, 0, 2), false),
        frame(WsFrames.PING, true, "hi".getBytes(StandardCharsets.UTF_8), false),
        frame(WsFrames.CONTINUATION, false, java.util.Arrays.copyOfRange(euro, 2, 3), false),
        frame(WsFrames.CONTINUATION, true, java.util.Arrays.copyOfRange(euro, 3, euro.length), false));
    assertEquals(List.of("ping:hi", "text:a€b"), feedInChunks(control(1024), wire, 3));
  }

  @Test
  void anOversizedMessageIsSkippedWithoutEndingTheConnection() {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'x');
    byte[] wire = concat(
        frame(WsFrames.TEXT, false, java.util.Arrays.copyOf(big, 60_000), false),
        frame(WsFrames.CONTINUATION, true, big, false),
        text("after"));
    List<String> events = feedInChunks(control(100_000), wire, 4096);
    assertEquals(2, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("DROPPED:a message of more than 100000 bytes"), events.get(0));
    assertEquals("text:after", events.get(1));
  }

  @Test
  void aSingleFrameAboveTheLimitIsSkippedAsItStreamsPast() {
    byte[] wire = concat(frame(WsFrames.TEXT, true, new byte[300_000], false), text("next"));
    List<String> events = feedInChunks(control(1000), wire, 65_536);
    assertEquals(2, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("DROPPED:"));
    assertEquals("text:next", events.get(1));
  }

  @Test
  void binaryMessagesAndInvalidUtf8AreDroppedAndTheNextMessageStillArrives() {
    byte[] wire = concat(
        frame(WsFrames.BINARY, false, new byte[] {1, 2}, false),
        frame(WsFrames.CONTINUATION, true, new byte[] {3}, false),
        frame(WsFrames.TEXT, true, new byte[] {(byte) 0xC3, 0x28}, false),
        text("ok"));
    List<String> events = feedInChunks(control(1024), wire, 5);
    assertEquals(3, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("dropped:a binary message"), events.get(0));
    assertTrue(events.get(1).startsWith("DROPPED:a text message of 2 bytes that is not valid UTF-8"), events.get(1));
    assertEquals("text:ok", events.get(2));
  }

  @Test
  void closeFramesCarryTheirCodeAndReasonOr1005() {
    byte[] withCode = frame(WsFrames.CLOSE, true, concat(new byte[] {0x03, (byte) 0xE8},
        "bye".getBytes(StandardCharsets.UTF_8)), false);
    assertEquals(List.of("close:1000:bye"), feedInChunks(control(1024), withCode, 1));
    assertEquals(List.of("close:1005:"),
        feedInChunks(control(1024), frame(WsFrames.CLOSE, true, new byte[0], false), 1));
  }

  @Test
  void aMaskedFrameFromThePeerIsStillRead() {
    byte[] wire = frame(WsFrames.TEXT, true, "masked anyway".getBytes(StandardCharsets.UTF_8), true);
    assertEquals(List.of("text:masked anyway"), feedInChunks(control(1024), wire, 4));
  }

  @Test
  void brokenFramingIsAProtocolError() {
    List<byte[]> broken = List.of(
        new byte[] {(byte) 0xC1, 0x00}, // RSV1 without an extension
        frame(WsFrames.CONTINUATION, true, new byte[] {1}, false), // nothing to continue
        frame(WsFrames.PING, false, new byte[0], false), // fragmented control frame
        frame(WsFrames.PING, true, new byte[126], false), // control frame above 125 bytes
        frame(0x3, true, new byte[0], false), // reserved opcode
        concat(frame(WsFrames.TEXT, false, new byte[] {'a'}, false), text("b")), // new message mid-message
        frame(WsFrames.CLOSE, true, new byte[] {0x03}, false)); // one-byte close payload
    for (byte[] wire : broken) {
      assertThrows(WsProtocolException.class, () -> feedInChunks(control(1024), wire, wire.length));
    }
  }

  @Test
  void onAChannelBinaryDataIsPassedOnAsItArrivesWithoutWaitingForTheWholeFrame() {
    byte[] data = new byte[100_000];
    byte[] wire = concat(frame(WsFrames.BINARY, false, data, false), frame(WsFrames.CONTINUATION, true, data, false),
        text("between"), frame(WsFrames.BINARY, true, new byte[0], false), text("end"));
    List<String> events = feedInChunks(channel(1000), wire, 30_000);
    long bytes = events.stream().filter(e -> e.startsWith("binary:"))
        .mapToLong(e -> Long.parseLong(e.substring(7))).sum();
    assertEquals(200_000, bytes, "every byte, and nothing else");
    assertTrue(events.stream().filter(e -> e.startsWith("binary:")).count() > 2, "in pieces: " + events);
    List<String> kinds = new ArrayList<>();
    for (String e : events) {
      String kind = e.startsWith("binary:") ? "binary" : e;
      if (kinds.isEmpty() || !kinds.get(kinds.size() - 1).equals(kind)) {
        kinds.add(kind);
      }
    }
    assertEquals(List.of("binary", "text:between", "text:end"), kinds, "in order; an empty frame yields nothing");
  }

  @Test
  void onAChannelAnOversizedTextMessageFailsTheSocket() {
    byte[] wire = frame(WsFrames.TEXT, true, new byte[2000], false);
    assertThrows(WsMessageTooBigException.class, () -> feedInChunks(channel(1000), wire, wire.length));
  }

  @Test
  void aCloseAfterDataFramesOfEverySizeIsSeenAndATruncatedOneIsNot() {
    byte[] close = frame(WsFrames.CLOSE, true, new byte[] {0x03, (byte) 0xE8}, false);
    byte[] data = concat(frame(WsFrames.BINARY, true, new byte[5], false), text("x".repeat(300)),
        frame(WsFrames.BINARY, true, new byte[70_000], false));
    byte[] whole = concat(data, close);
    for (int chunk : new int[] {1, 3, 7, 1000, whole.length}) {
      assertTrue(feedInChunks(channel(100_000), whole, chunk).contains("close:1000:"), "chunk size " + chunk);
    }
    byte[] truncated = concat(data, java.util.Arrays.copyOf(close, 3));
    assertTrue(feedInChunks(channel(100_000), truncated, 4096).stream().noneMatch(e -> e.startsWith("close:")));
  }
}
