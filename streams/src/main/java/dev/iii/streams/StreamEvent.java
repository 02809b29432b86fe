package dev.iii.streams;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A change in a stream (payload of a {@code stream} trigger, PROTOCOL §7.4). {@code kind} is {@code create},
 * {@code update}, {@code delete} (then {@code data} is the deleted value) or {@code event} for {@code stream::send}
 * (then {@code data} is null and {@code customType}/{@code customData} carry the sent event). {@code itemId} may be
 * null for custom events. {@code raw} is the payload as the engine sent it.
 */
public record StreamEvent<T>(String kind, String streamName, String groupId, @Nullable String itemId, long timestamp,
    @Nullable T data, @Nullable String customType, @Nullable JsonNode customData, JsonNode raw) {}
