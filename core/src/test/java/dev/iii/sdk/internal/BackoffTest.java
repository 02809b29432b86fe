package dev.iii.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ReconnectionConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final ReconnectionConfig defaults = ReconnectionConfig.getDefaultInstance();

  @Test
  void baseDoublesFromTheInitialDelayUpToTheCap() {
    assertEquals(Duration.ofMillis(1000), Backoff.delay(defaults, 0, 0.0));
    assertEquals(Duration.ofMillis(2000), Backoff.delay(defaults, 1, 0.0));
    assertEquals(Duration.ofMillis(16000), Backoff.delay(defaults, 4, 0.0));
    assertEquals(Duration.ofMillis(30000), Backoff.delay(defaults, 5, 0.0));
    assertEquals(Duration.ofMillis(30000), Backoff.delay(defaults, 5000, 0.0), "no overflow for huge attempts");
  }

  @Test
  void jitterIsSymmetricAroundTheBase() {
    assertEquals(Duration.ofMillis(700), Backoff.delay(defaults, 0, -1.0));
    assertEquals(Duration.ofMillis(1150), Backoff.delay(defaults, 0, 0.5));
    assertEquals(Duration.ofMillis(1299), Backoff.delay(defaults, 0, 0.9999), "floored to whole ms");
    for (int i = 0; i < 1000; i++) {
      long ms = Backoff.delay(defaults, 2).toMillis();
      assertTrue(ms >= 2800 && ms < 5200, "within ±30% of 4000: " + ms);
    }
  }

  @Test
  void neverNegativeAndArgumentsChecked() {
    ReconnectionConfig wild = ReconnectionConfig.newBuilder().jitter(1.0).build();
    assertEquals(Duration.ZERO, Backoff.delay(wild, 0, -1.0));
    assertThrows(IllegalArgumentException.class, () -> Backoff.delay(defaults, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> Backoff.delay(defaults, 0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> ReconnectionConfig.newBuilder().jitter(1.5));
    assertThrows(IllegalArgumentException.class, () -> ReconnectionConfig.newBuilder().maxRetries(-2));
  }

  @Test
  void maxRetriesLimitsAttemptsAndMinusOneIsInfinite() {
    assertTrue(Backoff.mayRetry(defaults, 1_000_000));
    ReconnectionConfig two = ReconnectionConfig.newBuilder().maxRetries(2).build();
    assertTrue(Backoff.mayRetry(two, 1));
    assertFalse(Backoff.mayRetry(two, 2));
  }
}
