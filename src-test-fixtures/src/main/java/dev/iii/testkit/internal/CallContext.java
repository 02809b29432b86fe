package dev.iii.testkit.internal;

import org.jspecify.annotations.Nullable;

/** Who made a call and with which trace context; {@code caller} is null for engine-internal calls. */
public record CallContext(String functionId, @Nullable WorkerConnection caller, @Nullable String traceparent,
    @Nullable String baggage) {}
