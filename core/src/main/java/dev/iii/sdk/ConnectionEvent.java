package dev.iii.sdk;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ConnectionListener} hears, in the style of NATS connection events. Events are delivered on the
 * worker's callback executor, one at a time and in the order they happened, whatever that executor is (a listener
 * that blocks therefore holds back the events after it).
 *
 * <p>A typical life: {@code CONNECTING, CONNECTED, RE_REGISTERED}; the engine restarts: {@code DISCONNECTED,
 * RECONNECTING, CONNECTING, RECONNECTED, RE_REGISTERED}; shutdown: {@code CLOSED}. Attempts that fail before
 * {@code workerregistered} add {@code RECONNECTING, CONNECTING} pairs (no {@code DISCONNECTED}: nothing was
 * established).
 *
 * @param kind what happened
 * @param state the connection state right after the event
 * @param workerId the engine-assigned id of the connection the event is about, if known: the new id for
 *     {@code CONNECTED}/{@code RECONNECTED}/{@code RE_REGISTERED}, the id of the dropped connection for
 *     {@code DISCONNECTED}, {@code null} while no connection is established
 * @param cause why the connection failed, dropped or was refused, if known
 * @param time when the SDK observed it
 */
public record ConnectionEvent(
    Kind kind, ConnectionState state, @Nullable String workerId, @Nullable Throwable cause, Instant time) {

  public enum Kind {
    /** A connection attempt started (state {@code CONNECTING}); the cause is why the previous attempt failed. */
    CONNECTING,
    /**
     * {@code workerregistered} arrived on the first connection of the worker, or on the first connection after
     * {@link III#connectAsync()} restarted it from {@code FAILED}; {@link ConnectionEvent#workerId()} is set.
     * Later connections fire {@link #RECONNECTED} instead.
     */
    CONNECTED,
    /**
     * {@code workerregistered} arrived on a connection that replaces one lost since the last {@link #CONNECTED}
     * (fired instead of {@code CONNECTED}, as NATS does); {@link ConnectionEvent#workerId()} is the new id. The
     * registrations are being replayed: {@link #RE_REGISTERED} follows when the engine has processed them.
     */
    RECONNECTED,
    /**
     * Everything registered so far was replayed and the engine has processed it; fires after every
     * {@link #CONNECTED} and every {@link #RECONNECTED}.
     */
    RE_REGISTERED,
    /**
     * An established connection dropped (state {@code DISCONNECTED}); fires once per lost connection, with the cause
     * and the worker id it had, before the {@link #RECONNECTING} (or {@link #FAILED}) that follows. Not fired for
     * attempts that never reached {@code workerregistered}, nor by shutdown.
     */
    DISCONNECTED,
    /** The connection dropped or an attempt failed; a retry is scheduled after the backoff delay. */
    RECONNECTING,
    /**
     * The engine sent an {@code error} frame, typically refusing the handshake (e.g. {@code AUTH_ERROR}); the cause
     * is an {@link EngineErrorException} with the engine's code and message. The engine closes the socket next,
     * which leads to {@link #RECONNECTING}.
     */
    ENGINE_ERROR,
    /** A HEAD engine refused a registration ({@code registrationrejected}). */
    REGISTRATION_REJECTED,
    /** Retries exhausted or fatal rejection; no more attempts until {@link III#connectAsync()}. */
    FAILED,
    /** Shutdown finished (state {@code CLOSED}, final). */
    CLOSED
  }
}
