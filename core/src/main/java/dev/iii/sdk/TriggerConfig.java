package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One trigger of a type this worker provides, as the engine delivered it (PROTOCOL §5.2): the trigger id, the type, the
 * function to invoke when it fires (possibly RBAC-prefixed by the engine), the consumer's config read as the type's
 * config class, the consumer's metadata ({@code null} when absent), and (0.23) the namespace of the function to invoke:
 * {@code null} means {@code default}, so a provider that fires the trigger passes it on with
 * {@link TriggerRequest#withNamespace}. 0.11.6 engines never send one.
 *
 * <p>{@link TriggerHandler#unregisterTrigger} receives the very value its registration received.
 */
public record TriggerConfig<C>(
    String id,
    String triggerType,
    String functionId,
    @Nullable C config,
    @Nullable JsonNode metadata,
    @Nullable String namespace) {

  /** A trigger whose function lives in the engine's {@code default} namespace (all of them under 0.11.6). */
  public TriggerConfig(
      String id, String triggerType, String functionId, @Nullable C config, @Nullable JsonNode metadata) {
    this(id, triggerType, functionId, config, metadata, null);
  }
}
