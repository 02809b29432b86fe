package dev.iii.sdk;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * One item read from a channel: bytes of the data stream ({@link Binary}) or an out-of-band text message
 * ({@link Text}, typically JSON). A large binary WebSocket message may arrive as several {@code Binary} items:
 * binary data is a byte stream, its message boundaries carry no meaning.
 */
public sealed interface ChannelMessage permits ChannelMessage.Binary, ChannelMessage.Text {

  static Binary binary(ByteString data) {
    return new Binary(data);
  }

  static Text text(String text) {
    return new Text(text);
  }

  /** Bytes of the data stream. */
  record Binary(ByteString data) implements ChannelMessage {
    public Binary {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
      return "Binary[" + data.size() + " bytes]";
    }
  }

  /** An out-of-band text message. */
  record Text(String text) implements ChannelMessage {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }
}
