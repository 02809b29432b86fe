package dev.iii.sdk.internal.channel;

/**
 * Tells whether the engine sent a WebSocket Close frame before a channel socket ended, and what it said. The socket
 * itself ({@code internal.ws}) reports the frame here as it reads it; the end then reads the flags, from another
 * thread, once the socket's inbound side has finished.
 */
final class CloseFrameWatch {
  private volatile boolean closeFrameSeen;
  private volatile boolean normalClose;

  /** Called by the socket with the Close frame's status code (1005 when it carried none). */
  void closeFrame(int code) {
    normalClose = code == 1000 || code == 1005;
    closeFrameSeen = true;
  }

  boolean closeFrameSeen() {
    return closeFrameSeen;
  }

  /**
   * True if the Close frame says the end is normal: no status code, or 1000. The engine answers a Close with the
   * same code; anything else (e.g. 1011 "internal error" when the engine's handler fails) is not a clean end.
   */
  boolean normalClose() {
    return normalClose;
  }
}
