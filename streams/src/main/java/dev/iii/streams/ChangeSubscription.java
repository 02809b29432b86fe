package dev.iii.streams;

import java.util.concurrent.CompletionStage;

/**
 * The materialized value of a change-event {@code Source}: the trigger behind it, and a way to end it.
 * The trigger and its function are removed from the engine when the stream ends for any reason.
 */
public interface ChangeSubscription extends AutoCloseable {
  /** The id of the trigger registered for this subscription. */
  String triggerId();

  /** Completes once the engine has the trigger: changes made after this are delivered. */
  CompletionStage<Void> ready();

  /** Completes the source (after the events already buffered) and removes the trigger. Idempotent. */
  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
