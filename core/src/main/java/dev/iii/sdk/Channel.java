package dev.iii.sdk;

import java.util.Objects;

/**
 * A channel made by {@code createChannel}: the local {@link ChannelWriter} and {@link ChannelReader}, and the two
 * refs to hand to other functions (put {@code readerRef} in a payload so a function elsewhere can read what this
 * worker writes, or {@code writerRef} so it can write to this worker). The refs are secrets; {@code toString()}
 * hides the key.
 */
public record Channel(ChannelWriter writer, ChannelReader reader, ChannelRef writerRef, ChannelRef readerRef) {
  public Channel {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writerRef, "writerRef");
    Objects.requireNonNull(readerRef, "readerRef");
  }
}
