package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One trigger of a type this worker provides, as the engine delivered it (PROTOCOL §5.2): the trigger id, the type, the
 * function to invoke when it fires (possibly RBAC-prefixed by the engine), the consumer's config read as the type's
 * config class, and the consumer's metadata ({@code null} when absent).
 *
 * <p>{@link TriggerHandler#unregisterTrigger} receives the very value its registration received.
 */
public record TriggerConfig<C>(
    String id, String triggerType, String functionId, @Nullable C config, @Nullable JsonNode metadata) {}
