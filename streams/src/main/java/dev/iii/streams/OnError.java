package dev.iii.streams;

/** What a {@link FunctionFlow} does when the call for one element fails. */
public enum OnError {
  /** Fail the whole stream with the call's exception (an {@code InvocationException} for engine/handler errors). */
  FAIL,
  /** Drop the failed element (logged at WARN so nothing disappears silently) and keep going. */
  RESUME
}
