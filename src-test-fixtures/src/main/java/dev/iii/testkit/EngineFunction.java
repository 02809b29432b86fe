package dev.iii.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A function registered by a worker (engine built-ins are not listed); unset members are null. */
public record EngineFunction(String id, @Nullable String description, @Nullable JsonNode requestFormat,
    @Nullable JsonNode responseFormat, @Nullable JsonNode metadata, String ownerWorkerId) {}
