package dev.iii.testkit;

import dev.iii.testkit.internal.EngineFaults;
import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection into a running {@link TestEngine}, in the spirit of a protocol mock server: make the engine
 * close sockets at chosen points, refuse handshakes or upgrades, or slow down its frames, and watch how a worker
 * copes. Obtained from {@link TestEngine#faults()}; every method returns {@code this} and takes effect at once for
 * connections accepted (and, for the delay, frames queued) from then on. Thread-safe.
 *
 * <pre>{@code
 * engine.faults()
 *     .rejectUpgrades(2, 503)                                            // two refused attempts, then ...
 *     .nextConnection(ConnectionFault.closeAfterWorkerRegistered())      // ... one closed after workerregistered
 *     .delayFramesToWorkers(Duration.ofMillis(50));                      // and every frame 50 ms late
 * }</pre>
 *
 * Garbage frames are sent on demand with {@link TestEngine#sendRaw(String, String)} and
 * {@link TestEngine#sendRaw(String, byte[])}. A garbled HTTP response to the upgrade cannot be produced through
 * Pekko HTTP; use the TCP-level {@link FaultProxy} for that. Faults survive {@link TestEngine#restart()};
 * {@link #clear()} removes them.
 */
public final class Faults {
  private final EngineFaults state;

  Faults(EngineFaults state) {
    this.state = state;
  }

  /**
   * Applies {@code fault} to the next worker connection on {@code /} that has no one-shot fault yet (one-shot
   * faults are used in the order they were armed, before any {@link #everyConnection standing} one).
   */
  public Faults nextConnection(ConnectionFault fault) {
    return nextConnections(1, fault);
  }

  /** Applies {@code fault} to each of the next {@code count} worker connections. */
  public Faults nextConnections(int count, ConnectionFault fault) {
    Objects.requireNonNull(fault, "fault");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    for (int i = 0; i < count; i++) {
      state.addOneShot(fault.plan());
    }
    return this;
  }

  /** Applies {@code fault} to every later worker connection without a one-shot fault; {@link ConnectionFault#none()} stops it. */
  public Faults everyConnection(ConnectionFault fault) {
    state.setEveryConnection(Objects.requireNonNull(fault, "fault").plan());
    return this;
  }

  /**
   * Holds every frame sent to a worker (on every connection) until {@code delay} has passed since it was queued,
   * as a slow link would; order is kept. {@link Duration#ZERO} turns it off.
   */
  public Faults delayFramesToWorkers(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    state.setOutboundDelay(delay);
    return this;
  }

  /**
   * Answers the next {@code count} WebSocket upgrade requests on {@code /} with HTTP {@code status} (e.g. 503)
   * instead of 101; {@code /otel} and channel sockets are not affected. Replaces any earlier such rule; a
   * {@code count} of 0 cancels it.
   */
  public Faults rejectUpgrades(int count, int status) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be a final HTTP status (200-599), got " + status);
    }
    state.rejectUpgrades(count, status);
    return this;
  }

  /** Removes every armed fault; connections accepted from now on behave normally and frames are not delayed. */
  public Faults clear() {
    state.clear();
    return this;
  }
}
