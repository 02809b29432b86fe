package dev.iii.sdk.internal.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} and {@code baggage} strings of an {@code invokefunction} / {@code invocationresult}
 * (PROTOCOL §4.7); each null when there is nothing to carry (then omitted on the wire).
 */
public record TraceHeaders(@Nullable String traceparent, @Nullable String baggage) {
  public static final TraceHeaders NONE = new TraceHeaders(null, null);
}
