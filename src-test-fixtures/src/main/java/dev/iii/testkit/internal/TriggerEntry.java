package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored trigger; {@code workerId} is the registering connection (null for engine-made triggers);
 * {@code namespace} is the target function's namespace as a 0.23 consumer gave it (null = {@code default}, and always
 * null in 0.11.6 mode).
 */
public record TriggerEntry(String id, String triggerType, String functionId, JsonNode config,
    @Nullable JsonNode metadata, @Nullable UUID workerId, @Nullable String namespace) {

  public TriggerEntry(String id, String triggerType, String functionId, JsonNode config,
      @Nullable JsonNode metadata, @Nullable UUID workerId) {
    this(id, triggerType, functionId, config, metadata, workerId, null);
  }
}
