package dev.iii.streams;

import dev.iii.sdk.TriggerTypeRef;
import java.util.concurrent.CompletionStage;

/** The materialized value of {@link TriggerEvents#source}: the provided type, and a way to end the source. */
public interface TriggerTypeSubscription<C> extends AutoCloseable {
  /** The registered type; e.g. to register triggers of it through this worker. */
  TriggerTypeRef<C> typeRef();

  /** Completes once the engine has the type. */
  CompletionStage<Void> ready();

  /** Completes the source (after the events already buffered) and unregisters the type. Idempotent. */
  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
