package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A call failed, or a handler wants to fail its invocation with a specific code. Thrown by a handler, its
 * {@link #code()} and {@link #errorMessage()} are sent to the caller instead of {@code invocation_failed}.
 *
 * <p>{@link #toString()} and {@link #getMessage()} read {@code "<code>: <message>"} and never include the remote
 * stack trace; that is available through {@link #remoteStacktrace()}.
 */
public class InvocationException extends IIIException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String errorMessage;
  private final @Nullable String remoteStacktrace;
  private final @Nullable String functionId;
  private final @Nullable String invocationId;

  public InvocationException(String code, String message) {
    this(code, message, null, null, null, null);
  }

  public InvocationException(
      String code,
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
    this.errorMessage = message;
    this.remoteStacktrace = remoteStacktrace;
    this.functionId = functionId;
    this.invocationId = invocationId;
  }

  /** The wire error code (see {@link ErrorCodes}). */
  public String code() {
    return code;
  }

  /** The error message without the code prefix. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The stack trace the callee reported, if any. Never part of {@link #toString()}. */
  public @Nullable String remoteStacktrace() {
    return remoteStacktrace;
  }

  public @Nullable String functionId() {
    return functionId;
  }

  public @Nullable String invocationId() {
    return invocationId;
  }
}
