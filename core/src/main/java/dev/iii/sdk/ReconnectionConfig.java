package dev.iii.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * Reconnection backoff of PROTOCOL §3.6: the delay before attempt {@code n} (from 0, reset after each successful
 * connection) is {@code base = min(initial × multiplier^n, max)}, {@code delay = max(0, base + base × jitter × r)}
 * with {@code r} uniform in [-1, 1). {@code maxRetries = -1} retries forever.
 */
public final class ReconnectionConfig {
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(1000);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(30_000);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final double DEFAULT_JITTER = 0.3;
  public static final int DEFAULT_MAX_RETRIES = -1;

  private static final ReconnectionConfig DEFAULT = newBuilder().build();

  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final int maxRetries;

  private ReconnectionConfig(Builder b) {
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxRetries = b.maxRetries;
  }

  public static ReconnectionConfig getDefaultInstance() {
    return DEFAULT;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .initialDelay(initialDelay)
        .maxDelay(maxDelay)
        .multiplier(multiplier)
        .jitter(jitter)
        .maxRetries(maxRetries);
  }

  public Duration initialDelay() {
    return initialDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public double multiplier() {
    return multiplier;
  }

  public double jitter() {
    return jitter;
  }

  /** -1 = infinite. */
  public int maxRetries() {
    return maxRetries;
  }

  @Override
  public String toString() {
    return "ReconnectionConfig{initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", multiplier="
        + multiplier + ", jitter=" + jitter + ", maxRetries=" + maxRetries + "}";
  }

  public static final class Builder {
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private double jitter = DEFAULT_JITTER;
    private int maxRetries = DEFAULT_MAX_RETRIES;

    private Builder() {}

    public Builder initialDelay(Duration d) {
      this.initialDelay = requireNonNegative(d, "initialDelay");
      return this;
    }

    public Builder maxDelay(Duration d) {
      this.maxDelay = requireNonNegative(d, "maxDelay");
      return this;
    }

    public Builder multiplier(double m) {
      if (!(m >= 1.0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + m);
      }
      this.multiplier = m;
      return this;
    }

    public Builder jitter(double j) {
      if (!(j >= 0.0 && j <= 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], got " + j);
      }
      this.jitter = j;
      return this;
    }

    public Builder maxRetries(int n) {
      if (n < -1) {
        throw new IllegalArgumentException("maxRetries must be -1 (infinite) or >= 0, got " + n);
      }
      this.maxRetries = n;
      return this;
    }

    public ReconnectionConfig build() {
      return new ReconnectionConfig(this);
    }

    private static Duration requireNonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
