package dev.iii.sdk;

/**
 * A registered trigger. Its id (a UUID v4 chosen by the SDK) stays the same across reconnects, when the trigger is
 * registered again. {@link #unregister()} (or close) removes it locally and from the engine; idempotent.
 */
public interface TriggerRef extends AutoCloseable {
  String id();

  String type();

  String functionId();

  void unregister();

  @Override
  default void close() {
    unregister();
  }
}
