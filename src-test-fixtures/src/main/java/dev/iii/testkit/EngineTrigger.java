package dev.iii.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A stored trigger; {@code config} may be a JSON null node, {@code metadata} is null when absent. */
public record EngineTrigger(String id, String triggerType, String functionId, JsonNode config,
    @Nullable JsonNode metadata, @Nullable String workerId) {}
