package dev.iii.testkit.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The fault-injection switches of one engine (behind the public {@code dev.iii.testkit.Faults}). Thread-safe:
 * tests arm faults from their own thread while connections are accepted on Pekko's.
 */
public final class EngineFaults {
  private final Deque<ConnectionPlan> oneShot = new ArrayDeque<>();
  private ConnectionPlan everyConnection = ConnectionPlan.NONE;
  private int upgradeRejectionsLeft;
  private int upgradeRejectionStatus = 503;
  private volatile Duration outboundDelay = Duration.ZERO;

  /** Queues a plan for the next connection on {@code /} that has no one-shot plan yet. */
  public synchronized void addOneShot(ConnectionPlan plan) {
    oneShot.addLast(Objects.requireNonNull(plan));
  }

  /** The plan of every connection that has no one-shot plan; {@link ConnectionPlan#NONE} turns it off. */
  public synchronized void setEveryConnection(ConnectionPlan plan) {
    everyConnection = Objects.requireNonNull(plan);
  }

  /** Called once per accepted worker socket: the oldest one-shot plan, else the standing one. */
  public synchronized ConnectionPlan planForNewConnection() {
    ConnectionPlan next = oneShot.pollFirst();
    return next != null ? next : everyConnection;
  }

  public synchronized void rejectUpgrades(int count, int status) {
    upgradeRejectionsLeft = count;
    upgradeRejectionStatus = status;
  }

  /** The status to answer this upgrade with instead of 101, or 0 to accept it; counts the rejection down. */
  public synchronized int takeUpgradeRejection() {
    if (upgradeRejectionsLeft <= 0) {
      return 0;
    }
    upgradeRejectionsLeft--;
    return upgradeRejectionStatus;
  }

  public void setOutboundDelay(Duration delay) {
    outboundDelay = Objects.requireNonNull(delay);
  }

  public Duration outboundDelay() {
    return outboundDelay;
  }

  /** Removes every fault: connections, upgrades and frames behave normally again. */
  public synchronized void clear() {
    oneShot.clear();
    everyConnection = ConnectionPlan.NONE;
    upgradeRejectionsLeft = 0;
    outboundDelay = Duration.ZERO;
  }
}
