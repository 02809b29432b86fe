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

  /**
   * The invocation {@code metadata} a 0.23 caller attached (free-form JSON), or {@code null} when none was sent
   * (always with 0.11.6 engines, which drop it).
   */
  default com.fasterxml.jackson.databind.@Nullable JsonNode metadata() {
    return null;
  }

  /** The worker serving this invocation, for nested calls. */
  III iii();

  /**
   * The worker's logger bound to this invocation: with telemetry on, its records carry the trace and span ids of this
   * invocation's SERVER span even when logged from a continuation on another executor (where OpenTelemetry's
   * thread-local context is not set); a span current on the calling thread wins. With telemetry off it writes to SLF4J
   * ({@code iii.logger}).
   */
  WorkerLogger logger();

  /**
   * Opens channel ends from refs in an untyped payload ({@code ctx.channels().reader(payload.get("input"))}), bound
   * to this worker. Typed payloads get live {@link ChannelReader} / {@link ChannelWriter} fields instead.
   */
  ChannelOpener channels();
}
