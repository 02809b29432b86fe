package dev.iii.sdk;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ConnectionListener} hears.
 *
 * @param kind what happened
 * @param state the connection state after the event
 * @param workerId the engine-assigned id of the current connection, if known
 * @param cause why the connection failed or dropped, if known
 * @param time when the SDK observed it
 */
public record ConnectionEvent(
    Kind kind, ConnectionState state, @Nullable String workerId, @Nullable Throwable cause, Instant time) {

  public enum Kind {
    /** A connection attempt started. */
    CONNECTING,
    /** {@code workerregistered} arrived; {@link ConnectionEvent#workerId()} is set. */
    CONNECTED,
    /** Everything registered so far was replayed and the engine has processed it (fires after every CONNECTED). */
    RE_REGISTERED,
    /** The connection dropped or an attempt failed; a retry is scheduled. */
    RECONNECTING,
    /** The engine refused the upgrade with an {@code error} frame (e.g. {@code AUTH_ERROR}). */
    ENGINE_ERROR,
    /** A HEAD engine refused a registration ({@code registrationrejected}). */
    REGISTRATION_REJECTED,
    /** Retries exhausted or fatal rejection; no more attempts until {@link III#connectAsync()}. */
    FAILED,
    /** Shutdown finished. */
    CLOSED
  }
}
