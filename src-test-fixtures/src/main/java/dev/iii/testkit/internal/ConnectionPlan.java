package dev.iii.testkit.internal;

import org.jspecify.annotations.Nullable;

/**
 * What fault injection does to one worker connection, fixed when the connection is accepted.
 *
 * @param closeAfterFrames close (WebSocket Close frame) once this many frames were queued to the worker,
 *     {@code workerregistered} included; 0 closes before {@code workerregistered}; negative: never
 * @param onInvoke what happens when the engine forwards an {@code invokefunction} to this worker
 * @param rejectMessage if set, the handshake is rejected: an {@code AUTH_ERROR} frame with this message and a
 *     Close frame are sent instead of {@code workerregistered}, and no worker is registered
 */
public record ConnectionPlan(int closeAfterFrames, OnInvoke onInvoke, @Nullable String rejectMessage) {
  public static final ConnectionPlan NONE = new ConnectionPlan(-1, OnInvoke.DELIVER, null);

  /** The engine's reaction to forwarding an invocation to the worker. */
  public enum OnInvoke {
    /** Normal behaviour. */
    DELIVER,
    /** Close the worker's socket instead of sending the {@code invokefunction}. */
    CLOSE_INSTEAD,
    /** Send the {@code invokefunction}, then close the socket. */
    CLOSE_AFTER
  }

  public boolean isNone() {
    return closeAfterFrames < 0 && onInvoke == OnInvoke.DELIVER && rejectMessage == null;
  }
}
