package dev.iii.testkit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.internal.cron.CronExpression;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seconds-first cron grammar of the Rust {@code cron} crate (ENGINE §5.6, §14.3 item 10). */
class CronExpressionTest {
  private static Instant next(String expr, String after) {
    return CronExpression.parse(expr).nextAfter(Instant.parse(after));
  }

  @Test
  void everyFiveSecondsFiresOnMultiplesOfFiveStrictlyAfter() {
    assertEquals(Instant.parse("2026-01-01T10:00:05Z"), next("*/5 * * * * *", "2026-01-01T10:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T10:00:05Z"), next("*/5 * * * * *", "2026-01-01T10:00:00.500Z"));
    assertEquals(Instant.parse("2026-01-01T10:01:00Z"), next("*/5 * * * * *", "2026-01-01T10:00:57Z"));
  }

  @Test
  void weekdaysAtHalfPastNineUtc() {
    // 2026-01-02 is a Friday: the next run after Friday 10:00 is Monday 09:30.
    assertEquals(Instant.parse("2026-01-05T09:30:00Z"), next("0 30 9 * * MON-FRI", "2026-01-02T10:00:00Z"));
    assertEquals(Instant.parse("2026-01-02T09:30:00Z"), next("0 30 9 * * Mon-Fri", "2026-01-02T09:29:59Z"));
  }

  @Test
  void dayOfWeekNumbersStartWithSundayAsOne() {
    // 2026-01-04 is a Sunday.
    assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 0 * * 1", "2026-01-02T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-03T00:00:00Z"), next("0 0 0 * * SAT", "2026-01-02T00:00:00Z"));
  }

  @Test
  void listsRangesStepsMonthNamesAndYears() {
    assertEquals(Instant.parse("2026-03-01T00:15:00Z"), next("0 15,45 0 1 MAR *", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T00:00:20Z"), next("10-30/10 * * * * *", "2026-01-01T00:00:10Z"));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), next("0 0 0 1 1 * 2027", "2026-01-01T00:00:00Z"));
    assertNull(next("0 0 0 1 1 * 2025", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-31T00:00:00Z"), next("0 0 0 31 * *", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T01:00:00Z"), next("@hourly", "2026-01-01T00:00:00Z"));
  }

  @Test
  void classicFiveFieldAndMalformedExpressionsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/5 * * * *"));
    assertTrue(e.getMessage().contains("6 or 7 fields"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("60 * * * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * * * 0"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * * FOO *"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/0 * * * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("5-1 * * * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("1,,2 * * * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * * * * * *"));
  }
}
