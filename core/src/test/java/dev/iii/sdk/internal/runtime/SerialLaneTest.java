package dev.iii.sdk.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialLaneTest {

  @Test
  void tasksRunOneAtATimeInSubmissionOrderOnAPool() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialLane lane = new SerialLane(pool::execute);
      int n = 20_000;
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger concurrent = new AtomicInteger();
      AtomicInteger maxConcurrent = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        lane.execute(() -> {
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          seen.add(k);
          concurrent.decrementAndGet();
          done.countDown();
        });
      }
      assertTrue(done.await(30, TimeUnit.SECONDS), "all tasks ran");
      assertEquals(1, maxConcurrent.get(), "never two at once");
      for (int i = 0; i < n; i++) {
        assertEquals(i, seen.get(i), "in submission order");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
