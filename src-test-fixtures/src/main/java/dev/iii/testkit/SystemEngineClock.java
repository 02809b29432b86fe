package dev.iii.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link EngineClock#system()}: a daemon thread, so an engine that is never closed cannot keep a JVM alive. */
final class SystemEngineClock implements EngineClock {
  static final SystemEngineClock INSTANCE = new SystemEngineClock();

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iii-test-engine-clock");
    t.setDaemon(true);
    return t;
  });

  private SystemEngineClock() {}

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public String toString() {
    return "EngineClock.system()";
  }
}
