package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A trigger to register (PROTOCOL §5.1): bind {@code functionId} to a trigger of type {@code type} (e.g. {@code http},
 * {@code cron}, or a custom type some worker provides) with a type-specific {@code config}.
 *
 * <p>{@code config} is any value the payload mapper can write, or a {@code JsonNode}; it is always sent (as JSON
 * {@code null} when absent). {@code metadata} is optional free-form JSON passed to the provider.
 *
 * <p>With 0.11.6 engines the type must already be registered when the trigger arrives: that engine drops a trigger of
 * an unknown type without telling anyone (it is not kept for a type registered later). 0.23 engines park it until
 * the type appears.
 *
 * <p>{@code namespace} (0.23): the namespace of the target function; {@code null} means the engine's {@code default}.
 * Sent only when set; 0.11.6 ignores it.
 */
public record TriggerDef(
    String type, String functionId, @Nullable Object config, @Nullable JsonNode metadata, @Nullable String namespace) {
  public TriggerDef {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("trigger type is required");
    }
    if (functionId == null || functionId.isBlank()) {
      throw new IllegalArgumentException("functionId is required");
    }
    if (namespace != null && namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must not be blank (use null for the default namespace)");
    }
  }

  public TriggerDef(String type, String functionId, @Nullable Object config, @Nullable JsonNode metadata) {
    this(type, functionId, config, metadata, null);
  }

  public static TriggerDef of(String type, String functionId, @Nullable Object config) {
    return new TriggerDef(type, functionId, config, null);
  }

  public TriggerDef withMetadata(@Nullable JsonNode metadata) {
    return new TriggerDef(type, functionId, config, metadata, namespace);
  }

  public TriggerDef withNamespace(@Nullable String namespace) {
    return new TriggerDef(type, functionId, config, metadata, namespace);
  }
}
