package dev.iii.sdk;

/**
 * Error codes of PROTOCOL §4.6 as they appear in {@link InvocationException#code()}. Codes sent by the engine or by a
 * callee are free strings; these are the ones the SDK produces or recognises.
 */
public final class ErrorCodes {
  private ErrorCodes() {}

  // ---- produced by the engine ----
  public static final String FUNCTION_NOT_FOUND = "function_not_found";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String INVOCATION_STOPPED = "invocation_stopped";
  public static final String INVOCATION_ERROR = "invocation_error";
  public static final String CHANNEL_SEND_FAILED = "channel_send_failed";
  public static final String ENQUEUE_ERROR = "enqueue_error";
  public static final String DESERIALIZATION_ERROR = "deserialization_error";
  public static final String AUTH_ERROR = "AUTH_ERROR";

  // ---- produced by a callee SDK (sent on the wire) ----
  public static final String INVOCATION_FAILED = "invocation_failed";
  public static final String FUNCTION_NOT_INVOKABLE = "function_not_invokable";
  /** In {@code triggerregistrationresult}: the provider's {@code TriggerHandler.registerTrigger} threw. */
  public static final String TRIGGER_REGISTRATION_FAILED = "trigger_registration_failed";
  /** In {@code triggerregistrationresult}: this worker does not provide the trigger's type. */
  public static final String TRIGGER_TYPE_NOT_FOUND = "trigger_type_not_found";
  /** This SDK: the function already runs {@code maxConcurrency} invocations; the new one was refused, not queued. */
  public static final String FUNCTION_OVERLOADED = "function_overloaded";
  /**
   * This SDK: the handler executor refused the task (the default bounded pool on Java 17–20 has no free thread,
   * e.g. a same-worker nested call chain deeper than the pool). Answered at once instead of waiting forever.
   */
  public static final String HANDLER_POOL_EXHAUSTED = "handler_pool_exhausted";
  /** This SDK: the worker is shutting down and no longer runs new invocations. */
  public static final String WORKER_SHUTTING_DOWN = "worker_shutting_down";

  // ---- produced locally by the calling SDK (never on the wire) ----
  public static final String TIMEOUT = "TIMEOUT";
  public static final String SHUTDOWN = "SHUTDOWN";
  public static final String UNKNOWN = "UNKNOWN";
  public static final String CONNECTION_LOST = "CONNECTION_LOST";
  public static final String BACKPRESSURE = "BACKPRESSURE";
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
}
