package dev.iii.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A trigger type's handler for tests: records every trigger the engine hands it, and every removal. */
public final class HookRecorder implements TriggerHandler<HookRecorder.HookConfig> {
  /** The config of the test trigger type. */
  public record HookConfig(String path) {}

  public final List<TriggerConfig<HookConfig>> registered = new CopyOnWriteArrayList<>();
  public final List<TriggerConfig<HookConfig>> unregistered = new CopyOnWriteArrayList<>();

  @Override
  public void registerTrigger(TriggerConfig<HookConfig> t) {
    registered.add(t);
  }

  @Override
  public void unregisterTrigger(TriggerConfig<HookConfig> t) {
    unregistered.add(t);
  }

  public long registrationsOf(String id) {
    return registered.stream().filter(t -> t.id().equals(id)).count();
  }
}
