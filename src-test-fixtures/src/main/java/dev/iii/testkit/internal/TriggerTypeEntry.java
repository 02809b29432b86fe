package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A trigger type with its registrator; {@code owner} is the providing worker, null for built-in types. */
public record TriggerTypeEntry(String id, String description, @Nullable JsonNode triggerRequestFormat,
    @Nullable JsonNode callRequestFormat, @Nullable UUID owner, TriggerRegistrator registrator) {}
