package dev.iii.sdk.internal.runtime;

import org.jspecify.annotations.Nullable;

/**
 * The client side of one outbound call (PROTOCOL §4.7): the W3C headers to put on its {@code invokefunction}, and
 * the CLIENT span that ends when the call completes. {@link #NONE} when telemetry is off: no span, no headers, and
 * completions run as they are.
 */
interface OutboundTrace {
  OutboundTrace NONE = new OutboundTrace() {};

  default @Nullable String traceparent() {
    return null;
  }

  default @Nullable String baggage() {
    return null;
  }

  /**
   * Wraps the completion of the caller's future so that its dependent stages run in the caller's context (the
   * callback executor's thread has none of its own).
   */
  default Runnable wrapCompletion(Runnable completion) {
    return completion;
  }

  /** Ends the CLIENT span: OK, or ERROR with {@code failure} recorded. Called exactly once per call. */
  default void end(@Nullable Throwable failure) {}
}
