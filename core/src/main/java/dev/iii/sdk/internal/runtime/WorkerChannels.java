package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelOpener;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import dev.iii.sdk.internal.channel.ChannelFactory;
import dev.iii.sdk.internal.channel.Channels;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jspecify.annotations.Nullable;

/**
 * A worker's channels (DESIGN §5): its one {@link ChannelFactory}, the payload mapper's channel module, what
 * {@code ctx.channels()} returns, and the {@code engine::channels::create} request.
 */
final class WorkerChannels implements ChannelOpener {
  static final String CREATE_FUNCTION = "engine::channels::create";

  private final ChannelFactory factory;
  private final AtomicBoolean shutDown = new AtomicBoolean();

  WorkerChannels(ActorSystem<?> system, String workerUrl, @Nullable SSLContext ssl) {
    this.factory = new ChannelFactory(system, workerUrl, ssl);
  }

  /**
   * The payload mapper with the channel module registered. A user's mapper is copied first: it may be shared with
   * other code (or other workers), and its channel ends must be bound to this worker.
   */
  ObjectMapper payloadMapper(@Nullable ObjectMapper userMapper) {
    ObjectMapper base = userMapper != null ? userMapper.copy() : Payloads.defaultMapper();
    return base.registerModule(factory.module());
  }

  /** The {@code data} of {@code engine::channels::create}: built-ins reject {@code null}, so no size is {@code {}}. */
  static ObjectNode createRequest(@Nullable Integer bufferSize) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    if (bufferSize != null) {
      if (bufferSize < 0) {
        throw new IllegalArgumentException("channel buffer size must be >= 0 (messages), was " + bufferSize);
      }
      data.put("buffer_size", bufferSize.intValue());
    }
    return data;
  }

  Channel fromCreateResult(JsonNode result) {
    return factory.fromCreateResult(result);
  }

  @Override
  public ChannelReader reader(JsonNode ref) {
    return factory.openReader(ref(ref, ChannelRef.Direction.READ, "reader"));
  }

  @Override
  public ChannelWriter writer(JsonNode ref) {
    return factory.openWriter(ref(ref, ChannelRef.Direction.WRITE, "writer"));
  }

  @Override
  public ChannelReader reader(ChannelRef ref) {
    return factory.openReader(checked(Objects.requireNonNull(ref, "ref"), ChannelRef.Direction.READ, "reader"));
  }

  @Override
  public ChannelWriter writer(ChannelRef ref) {
    return factory.openWriter(checked(Objects.requireNonNull(ref, "ref"), ChannelRef.Direction.WRITE, "writer"));
  }

  /** Cuts the sockets of every end this worker opened; the channels stay in the engine for other holders. */
  void shutdown() {
    if (shutDown.compareAndSet(false, true)) {
      factory.shutdown();
    }
  }

  private static ChannelRef ref(@Nullable JsonNode node, ChannelRef.Direction expected, String what) {
    ChannelRef ref;
    try {
      ref = Channels.refFromJson(node);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot open a channel " + what + ": " + e.getMessage(), e);
    }
    return checked(ref, expected, what);
  }

  /**
   * The engine would let either key open either end, but a writer's ref handed to a reader is almost always a
   * mix-up that would otherwise surface as a hang; the same rule as typed payload fields.
   */
  private static ChannelRef checked(ChannelRef ref, ChannelRef.Direction expected, String what) {
    if (ref.direction() != expected) {
      throw new IllegalArgumentException("cannot open a channel " + what + " from a ref with direction \""
          + ref.direction().wire() + "\" (channel " + ref.channelId() + "); pass the \"" + expected.wire()
          + "\" ref");
    }
    return ref;
  }
}
