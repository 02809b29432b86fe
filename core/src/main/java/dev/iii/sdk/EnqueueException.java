package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Code {@link ErrorCodes#ENQUEUE_ERROR}: the engine could not enqueue the call (unknown queue — e.g.
 * {@code Queue 'payments' not found}, no queue module loaded, a FIFO queue's group field missing or null).
 */
public class EnqueueException extends InvocationException {
  private static final long serialVersionUID = 1L;

  public EnqueueException(
      String message,
      @Nullable String remoteStacktrace,
      @Nullable String functionId,
      @Nullable String invocationId,
      @Nullable Throwable cause) {
    super(ErrorCodes.ENQUEUE_ERROR, message, remoteStacktrace, functionId, invocationId, cause);
  }
}
