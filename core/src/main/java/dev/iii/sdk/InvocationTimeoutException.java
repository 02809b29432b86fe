package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Code {@link ErrorCodes#TIMEOUT}: no answer within the call's timeout; nothing was sent to cancel it (the protocol has no cancel). */
public class InvocationTimeoutException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public InvocationTimeoutException(String message, @Nullable String functionId, @Nullable String invocationId) {
    super(ErrorCodes.TIMEOUT, message, null, functionId, invocationId, null);
  }

  public InvocationTimeoutException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.TIMEOUT, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
