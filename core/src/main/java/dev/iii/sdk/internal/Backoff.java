package dev.iii.sdk.internal;

import dev.iii.sdk.ReconnectionConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reconnection delay of PROTOCOL §3.6, as a pure function: {@code base = min(initial × multiplier^n, max)},
 * {@code delay = max(0, base + base × jitter × r)}, {@code r} uniform in [-1, 1). Whole milliseconds (floored), as
 * Node does.
 */
public final class Backoff {
  private Backoff() {}

  /** The delay before attempt {@code attempt} (0-based) for a given {@code r} in [-1, 1). */
  public static Duration delay(ReconnectionConfig cfg, int attempt, double r) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    if (!(r >= -1.0 && r < 1.0)) {
      throw new IllegalArgumentException("r must be in [-1, 1), got " + r);
    }
    double initial = cfg.initialDelay().toMillis();
    double cap = cfg.maxDelay().toMillis();
    // pow may overflow to Infinity for large attempts; min() with the cap keeps it finite.
    double base = Math.min(initial * Math.pow(cfg.multiplier(), attempt), cap);
    double delay = Math.max(0.0, base + base * cfg.jitter() * r);
    return Duration.ofMillis((long) Math.floor(delay));
  }

  /** The delay before attempt {@code attempt} with a fresh random {@code r}. */
  public static Duration delay(ReconnectionConfig cfg, int attempt) {
    return delay(cfg, attempt, ThreadLocalRandom.current().nextDouble(-1.0, 1.0));
  }

  /** Whether attempt {@code attempt} (0-based, counting retries after the first failure) may still be made. */
  public static boolean mayRetry(ReconnectionConfig cfg, int attempt) {
    return cfg.maxRetries() < 0 || attempt < cfg.maxRetries();
  }
}
