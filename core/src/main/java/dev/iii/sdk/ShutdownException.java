package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Code {@link ErrorCodes#SHUTDOWN}: the worker was shut down before the call completed, or the call was made after shutdown. */
public class ShutdownException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public ShutdownException(String message, @Nullable String functionId, @Nullable String invocationId) {
    super(ErrorCodes.SHUTDOWN, message, null, functionId, invocationId, null);
  }

  public ShutdownException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.SHUTDOWN, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
