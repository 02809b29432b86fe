package dev.iii.testkit.internal.cron;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cron expression as the Rust {@code cron} crate 0.15 reads it (ENGINE §5.6): 6 or 7 space-separated fields,
 * {@code sec min hour day-of-month month day-of-week [year]}, each {@code *} / {@code ?}, a value, a range
 * {@code a-b}, a step {@code x/n} (x = {@code *}, {@code a} or {@code a-b}) or a comma list of these; month and
 * day names (3 letters, any case); day of week 1–7 with 1 = Sunday. Day-of-month and day-of-week must both
 * match. All times UTC. Classic 5-field expressions are rejected.
 */
public final class CronExpression {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Map<String, String> SHORTHANDS = Map.of(
      "@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *", "@monthly", "0 0 0 1 * *",
      "@weekly", "0 0 0 * * 1", "@daily", "0 0 0 * * *", "@hourly", "0 0 * * * *");
  private static final int MIN_YEAR = 1970;
  private static final int MAX_YEAR = 2100;

  private final String text;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final BitSet years;

  private CronExpression(String text, BitSet[] f) {
    this.text = text;
    this.seconds = f[0];
    this.minutes = f[1];
    this.hours = f[2];
    this.daysOfMonth = f[3];
    this.months = f[4];
    this.daysOfWeek = f[5];
    this.years = f[6];
  }

  /** Parses; {@link IllegalArgumentException} with a detail message for anything the crate would refuse. */
  public static CronExpression parse(String text) {
    String expanded = SHORTHANDS.getOrDefault(text.trim().toLowerCase(Locale.ROOT), text.trim());
    String[] parts = expanded.split("\\s+");
    if (parts.length < 6 || parts.length > 7) {
      throw new IllegalArgumentException("expected 6 or 7 fields (sec min hour day-of-month month day-of-week"
          + " [year]), got " + (expanded.isEmpty() ? 0 : parts.length));
    }
    BitSet[] f = new BitSet[7];
    f[0] = field(parts[0], "seconds", 0, 59, null);
    f[1] = field(parts[1], "minutes", 0, 59, null);
    f[2] = field(parts[2], "hours", 0, 23, null);
    f[3] = field(parts[3], "days of month", 1, 31, null);
    f[4] = field(parts[4], "months", 1, 12, MONTHS);
    f[5] = field(parts[5], "days of week", 1, 7, DAYS);
    f[6] = parts.length == 7 ? field(parts[6], "years", MIN_YEAR, MAX_YEAR, null) : range(MIN_YEAR, MAX_YEAR);
    return new CronExpression(text, f);
  }

  private static BitSet field(String spec, String name, int min, int max, @Nullable List<String> names) {
    BitSet set = new BitSet();
    for (String item : spec.split(",", -1)) {
      if (item.isEmpty()) {
        throw new IllegalArgumentException("empty list element in " + name + " field '" + spec + "'");
      }
      int slash = item.indexOf('/');
      String base = slash < 0 ? item : item.substring(0, slash);
      int step = 1;
      if (slash >= 0) {
        step = number(item.substring(slash + 1), name, spec);
        if (step < 1) {
          throw new IllegalArgumentException("step must be at least 1 in " + name + " field '" + spec + "'");
        }
      }
      int from;
      int to;
      if (base.equals("*") || base.equals("?")) {
        from = min;
        to = max;
      } else {
        int dash = base.indexOf('-');
        if (dash < 0) {
          from = value(base, name, min, max, names, spec);
          to = slash >= 0 ? max : from; // "a/n" runs from a to the end of the field
        } else {
          from = value(base.substring(0, dash), name, min, max, names, spec);
          to = value(base.substring(dash + 1), name, min, max, names, spec);
          if (to < from) {
            throw new IllegalArgumentException("range " + base + " is backwards in " + name + " field");
          }
        }
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int value(String s, String name, int min, int max, @Nullable List<String> names, String spec) {
    if (names != null) {
      int i = names.indexOf(s.toUpperCase(Locale.ROOT));
      if (i >= 0) {
        return min + i;
      }
    }
    int v = number(s, name, spec);
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " value " + v + " is outside " + min + "-" + max);
    }
    return v;
  }

  private static int number(String s, String name, String spec) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 9) {
      throw new IllegalArgumentException("invalid value '" + s + "' in " + name + " field '" + spec + "'");
    }
    return Integer.parseInt(s);
  }

  private static BitSet range(int from, int to) {
    BitSet b = new BitSet();
    b.set(from, to + 1);
    return b;
  }

  /** The first instant strictly after {@code after} (whole seconds) that matches, or null if none is left. */
  public @Nullable Instant nextAfter(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    // Jumps skip whole non-matching years, months, days, hours and minutes, so this ends quickly.
    while (t.getYear() <= MAX_YEAR) {
      if (!years.get(t.getYear())) {
        t = ZonedDateTime.of(t.getYear() + 1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      } else if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!daysOfMonth.get(t.getDayOfMonth()) || !daysOfWeek.get(t.getDayOfWeek().getValue() % 7 + 1)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return t.toInstant();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}
