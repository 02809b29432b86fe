package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Writer framing: binary data re-chunked into frames of at most 64 KiB (what both official SDKs send), tiny
 * writes coalesced, text messages kept in place. Coalescing uses {@code batchWeighted}: while the socket keeps up
 * every element passes at once (no added latency); while it is busy, elements gather up to 64 KiB and go out
 * together, adjacent binary pieces merged.
 */
final class OutboundFrames {
  static final int MAX_FRAME = 64 * 1024;
  /** Text above this many bytes goes out in several frames of this size (the engine's frame cap is 16 MiB). */
  static final int TEXT_FRAME = 1024 * 1024;

  private OutboundFrames() {}

  static Flow<ChannelMessage, ChannelMessage, NotUsed> flow() {
    return Flow.<ChannelMessage>create()
        .filter(m -> !(m instanceof ChannelMessage.Binary b) || !b.data().isEmpty())
        .batchWeighted(MAX_FRAME, OutboundFrames::weight, OutboundFrames::seed, OutboundFrames::add)
        .mapConcat(OutboundFrames::frames);
  }

  private static long weight(ChannelMessage m) {
    return m instanceof ChannelMessage.Binary b ? b.data().size() : Math.max(1, ((ChannelMessage.Text) m).text().length());
  }

  private static List<ChannelMessage> seed(ChannelMessage m) {
    List<ChannelMessage> l = new ArrayList<>();
    l.add(m);
    return l;
  }

  private static List<ChannelMessage> add(List<ChannelMessage> l, ChannelMessage m) {
    l.add(m);
    return l;
  }

  /** Adjacent binaries merged and split at 64 KiB; each text stays one message, in its place. */
  static List<ChannelMessage> frames(List<ChannelMessage> batch) {
    List<ChannelMessage> out = new ArrayList<>();
    ByteString pending = ByteString.emptyByteString();
    for (ChannelMessage m : batch) {
      if (m instanceof ChannelMessage.Binary b) {
        pending = pending.concat(b.data());
      } else {
        chunk(pending, out);
        pending = ByteString.emptyByteString();
        out.add(m);
      }
    }
    chunk(pending, out);
    return out;
  }

  private static void chunk(ByteString bytes, List<ChannelMessage> out) {
    for (int i = 0; i < bytes.size(); i += MAX_FRAME) {
      out.add(ChannelMessage.binary(bytes.slice(i, Math.min(bytes.size(), i + MAX_FRAME)).compact()));
    }
  }
}
