package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/** Base of every exception the SDK throws (unchecked). */
public class IIIException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IIIException(String message) {
    super(message);
  }

  public IIIException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
