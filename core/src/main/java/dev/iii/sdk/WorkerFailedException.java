package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The connection state machine reached {@link ConnectionState#FAILED}: the reconnection attempts are exhausted, or the
 * engine rejected this worker fatally. {@link III#connectAsync()} starts over.
 */
public class WorkerFailedException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  public WorkerFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
