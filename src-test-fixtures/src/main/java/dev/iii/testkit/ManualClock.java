package dev.iii.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to. {@link #advance(Duration)} walks through the due tasks in time order,
 * setting {@link #now()} to each task's due instant before running it on the calling thread, so a task that
 * schedules a follow-up inside the advanced window sees it run in the same call. Thread-safe.
 */
public final class ManualClock implements EngineClock {
  private final Object lock = new Object();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant now() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      Duration d = delay.isNegative() ? Duration.ZERO : delay;
      Task t = new Task(now.plus(d), sequence++, task);
      tasks.add(t);
      return () -> {
        synchronized (lock) {
          tasks.remove(t);
        }
      };
    }
  }

  /** Moves the clock forward by {@code amount}, running every task that falls due on the way, in order. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back: " + amount);
    }
    Instant target;
    synchronized (lock) {
      target = now.plus(amount);
    }
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.due.isAfter(target)) {
          now = target;
          return;
        }
        tasks.poll();
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.action.run(); // outside the lock: tasks schedule follow-ups and call into the engine
    }
  }

  /** Moves the clock to {@code instant} (which must not be in the past), running the tasks due on the way. */
  public void advanceTo(Instant instant) {
    advance(Duration.between(now(), instant));
  }

  /** Due instants of the tasks waiting to run, earliest first (for tests that wait until something is armed). */
  public List<Instant> pendingTasks() {
    synchronized (lock) {
      List<Task> copy = new ArrayList<>(tasks);
      copy.sort(null);
      return copy.stream().map(t -> t.due).toList();
    }
  }

  @Override
  public String toString() {
    return "ManualClock{" + now() + "}";
  }

  private record Task(Instant due, long seq, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
