package dev.iii.streams;

import dev.iii.sdk.TriggerConfig;

/** A trigger of a type this worker provides was registered or unregistered on the engine. */
public record TriggerEvent<C>(Kind kind, TriggerConfig<C> trigger) {
  public enum Kind {
    REGISTERED,
    UNREGISTERED
  }
}
