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

  /**
   * Why the trigger's provider refused it, if a 0.23 engine said so ({@code triggerregistrationresult} with an
   * error, e.g. code {@code TRIGGER_TYPE_NOT_FOUND} or the provider's exception); empty while none is known, and
   * again after a later successful registration. 0.11.6 engines never report this, so it stays empty there.
   */
  default java.util.Optional<InvocationException> registrationError() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {
    unregister();
  }
}
