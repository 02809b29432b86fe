package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Writer framing: binary data re-chunked into frames of at most 64 KiB (what both official SDKs send), tiny
 * writes coalesced, text messages kept in place. Coalescing uses {@code batchWeighted}: while the socket keeps up
 * every element passes at once (no added latency); while it is busy, elements gather up to 64 KiB and go out
 * together, adjacent binary pieces merged.
 */
final class OutboundFrames {
  static final int MAX_FRAME = 64 * 1024;
  /** Text above this goes out as a streamed message in frames of this size (the engine's frame cap is 16 MiB). */
  static final int TEXT_FRAME = 1024 * 1024;

  private OutboundFrames() {}

  static Flow<ChannelMessage, Message, NotUsed> flow() {
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
  static List<Message> frames(List<ChannelMessage> batch) {
    List<Message> out = new ArrayList<>();
    ByteString pending = ByteString.emptyByteString();
    for (ChannelMessage m : batch) {
      if (m instanceof ChannelMessage.Binary b) {
        pending = pending.concat(b.data());
      } else {
        chunk(pending, out);
        pending = ByteString.emptyByteString();
        out.add(text(((ChannelMessage.Text) m).text()));
      }
    }
    chunk(pending, out);
    return out;
  }

  private static void chunk(ByteString bytes, List<Message> out) {
    for (int i = 0; i < bytes.size(); i += MAX_FRAME) {
      out.add(BinaryMessage.create(bytes.slice(i, Math.min(bytes.size(), i + MAX_FRAME)).compact()));
    }
  }

  private static Message text(String s) {
    if (s.length() <= TEXT_FRAME) {
      return TextMessage.create(s);
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < s.length(); ) {
      int end = Math.min(s.length(), i + TEXT_FRAME);
      if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
        end--; // never split a surrogate pair across frames
      }
      parts.add(s.substring(i, end));
      i = end;
    }
    return TextMessage.create(Source.from(parts));
  }
}
