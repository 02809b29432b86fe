package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Code {@link ErrorCodes#CONNECTION_LOST}: the call was already written when the connection dropped; it is never re-sent, so the handler ran at most once. */
public class ConnectionLostException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public ConnectionLostException(String message, @Nullable String functionId, @Nullable String invocationId) {
    super(ErrorCodes.CONNECTION_LOST, message, null, functionId, invocationId, null);
  }

  public ConnectionLostException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.CONNECTION_LOST, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
