package dev.iii.testkit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iii.testkit.EngineClock;
import dev.iii.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manual {@link EngineClock} that drives cron and queue backoff in tests. */
class ManualClockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void runsDueTasksInTimeOrderWithNowAtTheirDueInstant() {
    ManualClock clock = EngineClock.manual(T0);
    List<String> log = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> log.add("c@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> {
      log.add("a@" + clock.now());
      // A follow-up inside the advanced window runs in the same advance.
      clock.schedule(Duration.ofSeconds(1), () -> log.add("b@" + clock.now()));
    });
    EngineClock.Scheduled cancelled = clock.schedule(Duration.ofSeconds(2), () -> log.add("never"));
    cancelled.cancel();
    clock.schedule(Duration.ofSeconds(10), () -> log.add("late"));

    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("a@2026-01-01T00:00:01Z", "b@2026-01-01T00:00:02Z", "c@2026-01-01T00:00:03Z"), log);
    assertEquals(T0.plusSeconds(5), clock.now());
    assertEquals(List.of(T0.plusSeconds(10)), clock.pendingTasks());
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
  }
}
