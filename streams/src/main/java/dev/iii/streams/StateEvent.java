package dev.iii.streams;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A change of a state key (payload of a {@code state} trigger, ENGINE §5.8). {@code kind} is {@code created},
 * {@code updated} or {@code deleted}; {@code raw} is the payload as the engine sent it.
 */
public record StateEvent<T>(String kind, String scope, String key, @Nullable T oldValue, @Nullable T newValue,
    JsonNode raw) {}
