package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Code {@link ErrorCodes#BACKPRESSURE}: the outbound call lane (or the buffer used while disconnected) is full; the new call fails at once. */
public class BackpressureException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public BackpressureException(String message, @Nullable String functionId, @Nullable String invocationId) {
    super(ErrorCodes.BACKPRESSURE, message, null, functionId, invocationId, null);
  }

  public BackpressureException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.BACKPRESSURE, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
