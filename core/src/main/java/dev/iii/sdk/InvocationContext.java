package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** What a handler knows about the invocation it serves. */
public interface InvocationContext {
  /** The caller-chosen invocation id (the engine keeps it end to end). */
  String invocationId();

  String functionId();

  /** The engine-injected {@code _caller_worker_id}, when a worker made the call with an object payload. */
  @Nullable String callerWorkerId();

  /** W3C trace context of the inbound call, if any. */
  @Nullable String traceparent();

  @Nullable String baggage();

  /** The worker serving this invocation, for nested calls. */
  III iii();
}
