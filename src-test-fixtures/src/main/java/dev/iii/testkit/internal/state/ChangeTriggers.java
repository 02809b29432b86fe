package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.TriggerEntry;
import dev.iii.testkit.internal.TriggerRegistrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The registered triggers of one built-in type ({@code state} or {@code stream}), in registration order. As the
 * type's registrator it parses the config; a bad config fails the stage, so the trigger is not stored (the engine
 * only logs it). Guarded by the owning module's lock.
 */
final class ChangeTriggers implements TriggerRegistrator {
  private final Object lock;
  private final Function<TriggerEntry, ChangeTrigger> parser;
  private final TriggerDelivery delivery;
  private final Map<String, ChangeTrigger> byId = new LinkedHashMap<>();

  ChangeTriggers(Object lock, Function<TriggerEntry, ChangeTrigger> parser, TriggerDelivery delivery) {
    this.lock = lock;
    this.parser = parser;
    this.delivery = delivery;
  }

  @Override
  public CompletionStage<Void> register(TriggerEntry entry) {
    ChangeTrigger parsed;
    try {
      parsed = parser.apply(entry);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    synchronized (lock) {
      byId.remove(entry.id()); // a re-registered id moves to the end, as a fresh registration
      byId.put(entry.id(), parsed);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> unregister(TriggerEntry entry) {
    synchronized (lock) {
      byId.remove(entry.id());
      delivery.forget(entry.id());
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Call with the module lock held, right after the change, so events reach each trigger in order. */
  void fire(Predicate<ChangeTrigger> matches, JsonNode payload) {
    List<ChangeTrigger> matching = new ArrayList<>();
    for (ChangeTrigger t : byId.values()) {
      if (matches.test(t)) {
        matching.add(t);
      }
    }
    if (!matching.isEmpty()) {
      delivery.fire(matching, payload);
    }
  }

  // ---------------------------------------------------------------- config parsing

  static JsonNode objectConfig(TriggerEntry entry) {
    if (!entry.config().isObject()) {
      throw new IllegalArgumentException(entry.triggerType() + " trigger config must be an object, got "
          + Json.describe(entry.config()));
    }
    return entry.config();
  }

  static @Nullable String optString(JsonNode config, String field, String type) {
    JsonNode v = config.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(type + " trigger config: invalid type: " + Json.describe(v)
          + ", expected a string for `" + field + "`");
    }
    return v.textValue();
  }
}
