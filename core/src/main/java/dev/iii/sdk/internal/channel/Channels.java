package dev.iii.sdk.internal.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jspecify.annotations.Nullable;

/**
 * Integration point for the worker runtime (DESIGN §5).
 *
 * <ul>
 *   <li>{@code III.createChannel(bufferSize)}: call {@code engine::channels::create} with
 *       {@code {"buffer_size": n|null}}, then {@link ChannelFactory#fromCreateResult}.
 *   <li>The payload mapper: add {@link ChannelFactory#module()}, so typed payloads can have {@code ChannelReader} /
 *       {@code ChannelWriter} fields, and ends/refs serialise as ref JSON.
 *   <li>Untyped payloads ({@code ctx.channels().reader(node)}): {@link #refFromJson} then
 *       {@link ChannelFactory#openReader}; {@link #isRef} is the SDKs' rule for spotting refs.
 * </ul>
 *
 * The static methods make a factory per call; keep one {@link ChannelFactory} per worker instead where possible.
 */
public final class Channels {
  private Channels() {}

  public static ChannelWriter openWriter(ChannelRef ref, String workerUrl, ActorSystem<?> system,
      @Nullable SSLContext ssl) {
    return new ChannelFactory(system, workerUrl, ssl).openWriter(ref);
  }

  public static ChannelReader openReader(ChannelRef ref, String workerUrl, ActorSystem<?> system,
      @Nullable SSLContext ssl) {
    return new ChannelFactory(system, workerUrl, ssl).openReader(ref);
  }

  public static Channel fromCreateResult(JsonNode result, String workerUrl, ActorSystem<?> system,
      @Nullable SSLContext ssl) {
    return new ChannelFactory(system, workerUrl, ssl).fromCreateResult(result);
  }

  /**
   * True for what both official SDKs treat as a ref (PROTOCOL §6.5): an object with a string {@code channel_id}, a
   * string {@code access_key} and a {@code direction} of {@code "read"} or {@code "write"}; extra keys allowed.
   */
  public static boolean isRef(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return false;
    }
    JsonNode id = node.get("channel_id");
    JsonNode key = node.get("access_key");
    JsonNode dir = node.get("direction");
    return id != null && id.isTextual() && key != null && key.isTextual() && dir != null && dir.isTextual()
        && ("read".equals(dir.textValue()) || "write".equals(dir.textValue()));
  }

  /** Reads a ref, with an error that says what is wrong (never quoting the key). */
  public static ChannelRef refFromJson(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "expected a channel ref object {channel_id, access_key, direction}, got " + ChannelFactory.describe(node));
    }
    String id = text(node, "channel_id");
    String key = text(node, "access_key");
    String dir = text(node, "direction");
    return new ChannelRef(id, key, ChannelRef.Direction.fromWire(dir));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("channel ref: \"" + field + "\" must be a string, got "
          + ChannelFactory.describe(v));
    }
    return v.textValue();
  }
}
