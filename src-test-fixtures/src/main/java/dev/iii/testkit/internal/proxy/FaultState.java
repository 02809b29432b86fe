package dev.iii.testkit.internal.proxy;

import dev.iii.testkit.FaultProxy.Mode;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's current fault, shared by every connection. Writers that wait because of the mode (a delay not yet
 * served, an end marker held by a black hole) wait on this object's monitor, so that a mode change wakes them at
 * once and the new mode applies to bytes already in flight.
 */
public final class FaultState {
  private final Object monitor = new Object();
  private volatile Mode mode = Mode.PASS;
  /** Bytes from the target after which new connections are closed; negative = no limit. */
  private volatile long closeAfterUpstreamBytes = -1;

  public Mode mode() {
    return mode;
  }

  public void mode(Mode newMode) {
    synchronized (monitor) {
      mode = newMode;
      monitor.notifyAll();
    }
  }

  public long closeAfterUpstreamBytes() {
    return closeAfterUpstreamBytes;
  }

  public void closeAfterUpstreamBytes(long limit) {
    closeAfterUpstreamBytes = limit;
  }

  /** Blocks until a chunk that arrived at {@code arrivalNanos} is due under the current mode. */
  void awaitDue(long arrivalNanos) throws InterruptedException {
    synchronized (monitor) {
      while (true) {
        Mode m = mode;
        if (m.kind() != Mode.Kind.DELAY) {
          return;
        }
        long waitNanos = arrivalNanos + m.delay().toNanos() - System.nanoTime();
        if (waitNanos <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, waitNanos);
      }
    }
  }

  /**
   * Blocks while the mode is {@link Mode#BLACK_HOLE}: a black hole swallows FINs and resets too, and lets them
   * through once the "network" heals, like a retransmitted FIN would.
   */
  void awaitNotBlackHole() throws InterruptedException {
    synchronized (monitor) {
      while (mode.kind() == Mode.Kind.BLACK_HOLE) {
        monitor.wait();
      }
    }
  }
}
