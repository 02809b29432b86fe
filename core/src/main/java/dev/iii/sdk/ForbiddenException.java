package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Code {@link ErrorCodes#FORBIDDEN}: the engine's RBAC refused the call. */
public class ForbiddenException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message, @Nullable String functionId, @Nullable String invocationId) {
    super(ErrorCodes.FORBIDDEN, message, null, functionId, invocationId, null);
  }

  public ForbiddenException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.FORBIDDEN, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
