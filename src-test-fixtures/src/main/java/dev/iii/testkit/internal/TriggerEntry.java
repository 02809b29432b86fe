package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored trigger; {@code workerId} is the registering connection (null for engine-made triggers). */
public record TriggerEntry(String id, String triggerType, String functionId, JsonNode config,
    @Nullable JsonNode metadata, @Nullable UUID workerId) {}
