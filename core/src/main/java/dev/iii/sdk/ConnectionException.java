package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** The worker could not connect to the engine (e.g. within the connect timeout). Nothing is left running. */
public class ConnectionException extends IIIException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
