package dev.iii.testkit.internal.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Bytes the proxy delivered, and bytes a black hole swallowed (tests wait on the latter before healing). */
public final class TrafficCounters {
  final LongAdder forwarded = new LongAdder();
  final LongAdder discarded = new LongAdder();

  public long forwarded() {
    return forwarded.sum();
  }

  public long discarded() {
    return discarded.sum();
  }
}
