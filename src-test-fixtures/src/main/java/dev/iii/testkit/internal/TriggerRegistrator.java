package dev.iii.testkit.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sets a trigger up with its provider (ENGINE §5.2 step 3). A failed stage means "not stored" on register and
 * "kept" on unregister; the engine reports nothing to the worker either way.
 */
public interface TriggerRegistrator {
  CompletionStage<Void> register(TriggerEntry trigger);

  CompletionStage<Void> unregister(TriggerEntry trigger);

  /** For built-in types whose module is not simulated (yet): accept and store, fire nothing. */
  TriggerRegistrator ACCEPT_ALL = new TriggerRegistrator() {
    @Override
    public CompletionStage<Void> register(TriggerEntry trigger) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unregister(TriggerEntry trigger) {
      return CompletableFuture.completedFuture(null);
    }
  };
}
