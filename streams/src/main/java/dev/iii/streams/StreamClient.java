package dev.iii.streams;

import static dev.iii.streams.StateClient.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.III;
import dev.iii.streams.internal.ChangeSource;
import dev.iii.streams.internal.Payloads;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.javadsl.Source;
import org.jspecify.annotations.Nullable;

/**
 * A typed client of one stream of the engine's {@code stream::*} built-ins (ENGINE §7.3): items of type {@code T}
 * under {@code (group, item)}. Failures complete the stages with the SDK's {@code InvocationException} carrying the
 * engine's code. Values are converted with the mapper given to {@link #withMapper} (default: like the SDK's).
 */
public final class StreamClient<T> {
  private final III iii;
  private final String streamName;
  private final Class<T> type;
  private final Payloads payloads;

  private StreamClient(III iii, String streamName, Class<T> type, Payloads payloads) {
    this.iii = iii;
    this.streamName = streamName;
    this.type = type;
    this.payloads = payloads;
  }

  public static <T> StreamClient<T> of(III iii, String streamName, Class<T> type) {
    return new StreamClient<>(Objects.requireNonNull(iii, "iii"), required(streamName, "streamName"),
        Objects.requireNonNull(type, "type"), new Payloads(Payloads.defaultMapper()));
  }

  public StreamClient<T> withMapper(ObjectMapper mapper) {
    return new StreamClient<>(iii, streamName, type, new Payloads(Objects.requireNonNull(mapper, "mapper")));
  }

  public String streamName() {
    return streamName;
  }

  /** The item, or null when absent. */
  public CompletionStage<@Nullable T> get(String groupId, String itemId) {
    return iii.callAsync("stream::get", item(groupId, itemId)).thenApply(r -> payloads.read(r, type));
  }

  public CompletionStage<Change<T>> set(String groupId, String itemId, T value) {
    ObjectNode in = item(groupId, itemId);
    in.set("data", payloads.toJson(value));
    return iii.callAsync("stream::set", in).thenApply(r -> payloads.readChange(r, type));
  }

  /** The deleted item, or null when it did not exist (then no {@code delete} event fires). */
  public CompletionStage<@Nullable T> delete(String groupId, String itemId) {
    return iii.callAsync("stream::delete", item(groupId, itemId))
        .thenApply(r -> r == null || r.isNull() ? null : payloads.read(r.get("old_value"), type));
  }

  public CompletionStage<Change<T>> update(String groupId, String itemId, List<UpdateOp> ops) {
    ObjectNode in = item(groupId, itemId);
    in.set("ops", payloads.ops(ops));
    return iii.callAsync("stream::update", in).thenApply(r -> payloads.readChange(r, type));
  }

  public CompletionStage<Change<T>> update(String groupId, String itemId, UpdateOp... ops) {
    return update(groupId, itemId, Arrays.asList(ops));
  }

  /** The group's items in insertion order. */
  public CompletionStage<List<T>> list(String groupId) {
    return iii.callAsync("stream::list", group(groupId)).thenApply(r -> payloads.readList(r, type));
  }

  /** The stream's group ids (order unspecified). */
  public CompletionStage<List<String>> listGroups() {
    ObjectNode in = payloads.object().put("stream_name", streamName);
    return iii.callAsync("stream::list_groups", in).thenApply(payloads::readStrings);
  }

  /** Sends a custom event to subscribers (nothing is stored); {@code itemId} may be null. */
  public CompletionStage<Void> send(String groupId, @Nullable String itemId, String eventType,
      @Nullable Object data) {
    ObjectNode in = group(groupId).put("type", required(eventType, "eventType"));
    if (itemId != null) {
      in.put("id", itemId);
    }
    in.set("data", payloads.toJson(data));
    return iii.callAsync("stream::send", in).thenApply(r -> null);
  }

  /**
   * Change events of this stream, optionally narrowed to a group and item (null = any), as a {@code Source},
   * through a {@code stream} trigger registered on materialization and removed when the stream ends. Wait for
   * {@link ChangeSubscription#ready()} before making changes you expect to see.
   */
  public Source<StreamEvent<T>, ChangeSubscription> changes(@Nullable String groupId, @Nullable String itemId,
      int bufferSize) {
    ObjectNode config = payloads.object().put("stream_name", streamName);
    if (groupId != null) {
      config.put("group_id", groupId);
    }
    if (itemId != null) {
      config.put("item_id", itemId);
    }
    return ChangeSource.create(iii, "stream", config, this::event, bufferSize);
  }

  public Source<StreamEvent<T>, ChangeSubscription> changes(@Nullable String groupId, @Nullable String itemId) {
    return changes(groupId, itemId, 256);
  }

  private StreamEvent<T> event(JsonNode p) {
    JsonNode event = p.path("event");
    String kind = event.path("type").asText("");
    boolean custom = kind.equals("event");
    JsonNode inner = event.path("event");
    JsonNode id = p.get("id");
    return new StreamEvent<>(kind, p.path("streamName").asText(), p.path("groupId").asText(),
        id == null || id.isNull() ? null : id.asText(), p.path("timestamp").asLong(),
        custom ? null : payloads.read(event.get("data"), type),
        custom ? inner.path("type").asText(null) : null, custom ? inner.get("data") : null, p);
  }

  private ObjectNode group(String groupId) {
    return payloads.object().put("stream_name", streamName).put("group_id", required(groupId, "groupId"));
  }

  private ObjectNode item(String groupId, String itemId) {
    return group(groupId).put("item_id", required(itemId, "itemId"));
  }
}
