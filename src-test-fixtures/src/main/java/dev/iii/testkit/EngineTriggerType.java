package dev.iii.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A trigger type; {@code ownerWorkerId} is null for the engine's built-in types (http, cron, …). */
public record EngineTriggerType(String id, String description, @Nullable JsonNode triggerRequestFormat,
    @Nullable JsonNode callRequestFormat, @Nullable String ownerWorkerId) {}
