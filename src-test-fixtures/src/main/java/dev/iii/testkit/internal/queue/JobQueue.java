package dev.iii.testkit.internal.queue;

import dev.iii.testkit.DeadLetter;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the builtin queue adapter (ENGINE §8.2): a waiting list, at most {@code limit} jobs active,
 * any error a failed attempt, {@code attempts >= maxAttempts} dead-letters (so 0 and 1 both mean one call),
 * otherwise a wait of {@code backoff × 2^(attempts−1)} on the engine clock. After the wait a job goes back to
 * the HEAD of the waiting list while other jobs go on meanwhile; with {@code inlineRetry} (durable FIFO topics,
 * §8.3) the job instead keeps its slot through the wait, blocking the queue.
 * The real adapter polls every 100 ms when idle; here a job starts as soon as a slot is free (same order).
 */
final class JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
  static final String FAILURE = "function call failed";

  /** Runs one attempt of a job; an error outcome (or a failed stage) is a failed attempt. */
  interface Delivery {
    CompletionStage<Outcome> deliver(Job job);
  }

  final String key;
  private final int maxAttempts;
  private final long backoffMs;
  private final int limit;
  private final boolean inlineRetry;
  private final EngineClock clock;
  private final Executor executor;
  private final Delivery delivery;

  private final Object lock = new Object();
  private final Deque<Job> waiting = new ArrayDeque<>();
  private final List<DeadEntry> dead = new ArrayList<>();
  private int active;
  private boolean consuming = true;
  private boolean closed;

  private record DeadEntry(Job job, DeadLetter letter) {}

  JobQueue(String key, int maxAttempts, long backoffMs, int limit, boolean inlineRetry, EngineClock clock,
      Executor executor, Delivery delivery) {
    this.key = key;
    this.maxAttempts = maxAttempts;
    this.backoffMs = backoffMs;
    this.limit = limit;
    this.inlineRetry = inlineRetry;
    this.clock = clock;
    this.executor = executor;
    this.delivery = delivery;
  }

  /** Stores the job at the tail; delivery starts on another thread so the enqueuer's reply goes out first. */
  void push(Job job) {
    synchronized (lock) {
      waiting.addLast(job);
    }
    executor.execute(this::pump);
  }

  /** Stops for good (engine stopped): no new attempts, retries waiting on the clock are dropped. */
  void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  /** Starts or stops consuming (topic queues consume only while they have a subscriber). */
  void setConsuming(boolean on) {
    synchronized (lock) {
      consuming = on;
    }
    if (on) {
      executor.execute(this::pump);
    }
  }

  int waitingCount() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  int activeCount() {
    synchronized (lock) {
      return active;
    }
  }

  List<DeadLetter> deadLetters() {
    synchronized (lock) {
      return dead.stream().map(DeadEntry::letter).toList();
    }
  }

  /** Moves every dead job back to the tail of the waiting list with a fresh attempt count; returns how many. */
  int redriveAll() {
    int n;
    synchronized (lock) {
      n = dead.size();
      for (DeadEntry d : dead) {
        d.job.attempts = 0;
        waiting.addLast(d.job);
      }
      dead.clear();
    }
    executor.execute(this::pump);
    return n;
  }

  /** Redrives ({@code requeue}) or discards one dead job by job id; returns 1 if it was there, else 0. */
  int takeDead(String jobId, boolean requeue) {
    synchronized (lock) {
      for (Iterator<DeadEntry> it = dead.iterator(); it.hasNext(); ) {
        DeadEntry d = it.next();
        if (d.job.id.equals(jobId)) {
          it.remove();
          if (requeue) {
            d.job.attempts = 0;
            waiting.addLast(d.job);
            executor.execute(this::pump);
          }
          return 1;
        }
      }
      return 0;
    }
  }

  private void pump() {
    List<Job> start = new ArrayList<>();
    synchronized (lock) {
      while (consuming && !closed && active < limit && !waiting.isEmpty()) {
        active++;
        start.add(waiting.pollFirst());
      }
    }
    start.forEach(this::attempt);
  }

  private void attempt(Job job) {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    CompletionStage<Outcome> result;
    try {
      result = delivery.deliver(job);
    } catch (RuntimeException e) {
      LOG.error("queue {}: delivering job {} failed in the test engine", key, job.id, e);
      finished(job, Outcome.error("invocation_failed", e.toString()));
      return;
    }
    result.whenComplete((o, ex) -> finished(job, ex != null ? Outcome.error("invocation_failed", ex.toString()) : o));
  }

  private void finished(Job job, Outcome outcome) {
    if (!outcome.isError()) {
      release();
      return; // any success acks and deletes the job, whatever the result
    }
    Duration delay;
    synchronized (lock) {
      job.attempts++;
      if (job.attempts >= maxAttempts) {
        LOG.warn("queue {}: job {} for {} dead-lettered after {} attempt(s): {}", key, job.id, job.functionId,
            job.attempts, outcome.error().message());
        dead.add(new DeadEntry(job, new DeadLetter(key, job.id, job.messageId, job.functionId, job.data,
            job.attempts, maxAttempts, FAILURE, clock.now())));
        delay = null;
      } else {
        delay = Duration.ofMillis(backoffMs << Math.min(job.attempts - 1, 30));
        LOG.info("queue {}: job {} attempt {} failed ({}), retrying in {}", key, job.id, job.attempts,
            outcome.error().message(), delay);
      }
    }
    if (delay == null) {
      release();
    } else if (inlineRetry) {
      clock.schedule(delay, () -> attempt(job)); // keeps its slot: the queue waits with it
    } else {
      clock.schedule(delay, () -> {
        synchronized (lock) {
          waiting.addFirst(job);
        }
        pump();
      });
      release();
    }
  }

  private void release() {
    synchronized (lock) {
      active--;
    }
    pump();
  }
}
