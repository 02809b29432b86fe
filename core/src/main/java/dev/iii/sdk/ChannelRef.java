package dev.iii.sdk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A reference to one end of a channel, as it travels inside payloads (the wire's {@code StreamChannelRef}):
 * {@code {"channel_id":…,"access_key":…,"direction":"read"|"write"}}. Both ends of a channel share the id and
 * the key, so a ref is a secret: anyone holding it can open either end. {@link #toString()} hides the key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"channel_id", "access_key", "direction"})
public record ChannelRef(
    @JsonProperty(value = "channel_id", required = true) String channelId,
    @JsonProperty(value = "access_key", required = true) String accessKey,
    @JsonProperty(value = "direction", required = true) Direction direction) {

  /** Which end a ref is for. */
  public enum Direction {
    READ("read"),
    WRITE("write");

    private final String wire;

    Direction(String wire) {
      this.wire = wire;
    }

    /** {@code "read"} or {@code "write"}, as on the wire. */
    @JsonValue
    public String wire() {
      return wire;
    }

    /** Parses {@code "read"} or {@code "write"} (lower case, as the engine requires). */
    @JsonCreator
    public static Direction fromWire(String value) {
      if ("read".equals(value)) {
        return READ;
      }
      if ("write".equals(value)) {
        return WRITE;
      }
      throw new IllegalArgumentException("channel direction must be \"read\" or \"write\", was \"" + value + "\"");
    }
  }

  public ChannelRef {
    Objects.requireNonNull(channelId, "channel_id");
    Objects.requireNonNull(accessKey, "access_key");
    Objects.requireNonNull(direction, "direction");
    if (channelId.isBlank()) {
      throw new IllegalArgumentException("channel_id must not be blank");
    }
    if (accessKey.isEmpty()) {
      throw new IllegalArgumentException("access_key must not be empty");
    }
  }

  /** The same channel and key, for the other end. */
  public ChannelRef withDirection(Direction d) {
    return new ChannelRef(channelId, accessKey, d);
  }

  /** Hides the access key, so refs can be logged. */
  @Override
  public String toString() {
    return "ChannelRef[channelId=" + channelId + ", accessKey=***, direction=" + direction.wire + "]";
  }
}
