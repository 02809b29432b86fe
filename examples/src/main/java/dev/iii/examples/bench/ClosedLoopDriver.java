package dev.iii.examples.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs a closed loop of asynchronous calls: exactly {@code inFlight} calls outstanding until {@code count} have
 * been issued, each completion immediately issuing the next. Latency is measured per call from just before it
 * is issued to its completion; throughput is completed calls over the wall time of the whole phase.
 */
final class ClosedLoopDriver {

  /** One asynchronous call of the system under test. */
  @FunctionalInterface
  interface AsyncCall {
    CompletionStage<?> call() throws Exception;
  }

  /** What one phase produced. {@code lost} counts calls that neither completed nor failed before the deadline. */
  record Phase(int count, int failed, int lost, double seconds, Histogram latencyNanos, String firstError) {
  }

  private ClosedLoopDriver() {
  }

  static Phase run(AsyncCall call, int inFlight, int count, Duration deadline) throws InterruptedException {
    if (inFlight < 1 || count < 0) {
      throw new IllegalArgumentException("inFlight must be >= 1 and count >= 0, got " + inFlight + ", " + count);
    }
    Loop loop = new Loop(call, count);
    long start = System.nanoTime();
    for (int i = 0; i < Math.min(inFlight, count); i++) {
      loop.launch();
    }
    boolean allDone = loop.done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    int finished = count - (int) loop.done.getCount();
    int lost = allDone ? 0 : count - finished;
    return new Phase(count, loop.failed.get(), lost, seconds, loop.histogram.copy(), loop.firstError.get());
  }

  private static final class Loop {
    final AsyncCall call;
    final int count;
    final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final CountDownLatch done;
    // Up to one hour in nanoseconds with 3 significant digits; recorded from many completion threads.
    final Histogram histogram = new ConcurrentHistogram(TimeUnit.HOURS.toNanos(1), 3);

    Loop(AsyncCall call, int count) {
      this.call = call;
      this.count = count;
      this.done = new CountDownLatch(count);
    }

    void launch() {
      // Calls that complete synchronously (local rejections) loop here instead of recursing without bound.
      while (issued.getAndIncrement() < count) {
        long t0 = System.nanoTime();
        CompletableFuture<?> future;
        try {
          future = call.call().toCompletableFuture();
        } catch (Exception thrown) {
          future = CompletableFuture.failedFuture(thrown);
        }
        if (future.isDone()) {
          finish(t0, future.isCompletedExceptionally() ? errorOf(future) : null);
          continue;
        }
        future.whenComplete((ignored, error) -> {
          finish(t0, error);
          launch();
        });
        return;
      }
    }

    private void finish(long t0, Throwable error) {
      histogram.recordValue(Math.max(0, System.nanoTime() - t0));
      if (error != null) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, String.valueOf(error));
      }
      done.countDown();
    }

    private static Throwable errorOf(CompletableFuture<?> failedFuture) {
      try {
        failedFuture.join();
        return null;
      } catch (RuntimeException e) {
        return e.getCause() != null ? e.getCause() : e;
      }
    }
  }
}
