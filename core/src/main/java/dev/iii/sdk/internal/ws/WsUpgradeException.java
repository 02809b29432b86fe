package dev.iii.sdk.internal.ws;

import dev.iii.sdk.IIIException;

/** The engine did not switch to WebSocket: a non-101 status, or a 101 that fails RFC 6455's checks. */
public final class WsUpgradeException extends IIIException {
  private final int status;

  WsUpgradeException(int status, String why) {
    super("WebSocket upgrade refused: " + why);
    this.status = status;
  }

  /** The HTTP status, or 0 when the answer was not HTTP at all. */
  public int status() {
    return status;
  }
}
