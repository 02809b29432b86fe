package dev.iii.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time source of the test engine's time-based modules (cron ticks, queue backoff, ...). {@link #system()}
 * runs on wall-clock time; {@link #manual(Instant)} only moves when a test calls {@link ManualClock#advance},
 * so schedules can be checked exactly and fast (ENGINE §14.2: the semantics stay, only the waiting goes).
 * Pass one with {@code TestEngineOptions.newBuilder().clock(...)}.
 */
public interface EngineClock {

  /** The current instant (UTC, as everything in the engine). */
  Instant now();

  /**
   * Runs {@code task} once {@code delay} has passed on this clock. Tasks must be short: they may run on the
   * thread that advances a manual clock, or on the system clock's single scheduler thread.
   */
  Scheduled schedule(Duration delay, Runnable task);

  /** A scheduled task that has not run yet can be cancelled; cancelling later is a no-op. */
  interface Scheduled {
    void cancel();
  }

  /** Wall-clock time, one daemon scheduler thread shared by every engine of the JVM. */
  static EngineClock system() {
    return SystemEngineClock.INSTANCE;
  }

  /** A clock standing at {@code start} until advanced. */
  static ManualClock manual(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }
}
