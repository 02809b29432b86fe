package dev.iii.sdk.internal.wire;

/** A frame that does not decode to a protocol message. The message says why, never echoing the whole frame. */
public final class WireDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireDecodeException(String message) {
    super(message);
  }

  public WireDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
