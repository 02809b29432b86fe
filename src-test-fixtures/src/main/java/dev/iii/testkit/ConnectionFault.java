package dev.iii.testkit;

import dev.iii.testkit.internal.ConnectionPlan;
import java.util.Objects;

/**
 * What the engine does wrong on one worker connection ({@code GET /}); armed through {@link Faults}. Immutable.
 * Every "close" sends a WebSocket Close frame (status 1000) after the frames queued before it, so a client sees
 * exactly those frames and then the close.
 *
 * <pre>{@code
 * engine.faults().nextConnection(ConnectionFault.closeAfterWorkerRegistered());
 * engine.faults().everyConnection(ConnectionFault.rejectHandshake("token expired"));
 * }</pre>
 */
public final class ConnectionFault {
  private static final ConnectionFault NONE = new ConnectionFault(ConnectionPlan.NONE, "none");

  private final ConnectionPlan plan;
  private final String description;

  private ConnectionFault(ConnectionPlan plan, String description) {
    this.plan = plan;
    this.description = description;
  }

  /** No fault: the connection behaves normally (e.g. to turn a standing fault off). */
  public static ConnectionFault none() {
    return NONE;
  }

  /**
   * Closes the connection once the engine has sent {@code frames} frames to it, {@code workerregistered} counting
   * as the first; 0 closes it right after the upgrade, before {@code workerregistered}.
   */
  public static ConnectionFault closeAfterFramesSent(int frames) {
    if (frames < 0) {
      throw new IllegalArgumentException("frames must be >= 0, got " + frames);
    }
    return new ConnectionFault(new ConnectionPlan(frames, ConnectionPlan.OnInvoke.DELIVER, null),
        "closeAfterFramesSent(" + frames + ")");
  }

  /** Closes the connection right after the upgrade: the worker never receives {@code workerregistered}. */
  public static ConnectionFault closeBeforeWorkerRegistered() {
    return closeAfterFramesSent(0);
  }

  /** Sends {@code workerregistered}, then closes the connection. */
  public static ConnectionFault closeAfterWorkerRegistered() {
    return closeAfterFramesSent(1);
  }

  /**
   * When the engine forwards the first {@code invokefunction} to this worker, it closes the socket instead of
   * sending it; the caller then gets {@code invocation_stopped} from the disconnect clean-up.
   */
  public static ConnectionFault closeInsteadOfInvoking() {
    return new ConnectionFault(new ConnectionPlan(-1, ConnectionPlan.OnInvoke.CLOSE_INSTEAD, null),
        "closeInsteadOfInvoking");
  }

  /** Sends the first {@code invokefunction} forwarded to this worker, then closes the socket (mid-invocation). */
  public static ConnectionFault closeAfterInvoking() {
    return new ConnectionFault(new ConnectionPlan(-1, ConnectionPlan.OnInvoke.CLOSE_AFTER, null),
        "closeAfterInvoking");
  }

  /**
   * Refuses the session as the engine's RBAC auth function does (PROTOCOL §1.3): instead of
   * {@code workerregistered} the worker gets {@code {"type":"error","error":{"code":"AUTH_ERROR","message":…}}}
   * and a Close frame; no worker is registered.
   */
  public static ConnectionFault rejectHandshake(String message) {
    Objects.requireNonNull(message, "message");
    return new ConnectionFault(new ConnectionPlan(-1, ConnectionPlan.OnInvoke.DELIVER, message),
        "rejectHandshake(" + message + ")");
  }

  ConnectionPlan plan() {
    return plan;
  }

  @Override
  public String toString() {
    return "ConnectionFault{" + description + "}";
  }
}
