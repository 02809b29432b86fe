package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.III;
import dev.iii.sdk.InvocationContext;
import org.jspecify.annotations.Nullable;

record InvocationContextImpl(
    String invocationId,
    String functionId,
    @Nullable String callerWorkerId,
    @Nullable String traceparent,
    @Nullable String baggage,
    III iii)
    implements InvocationContext {}
