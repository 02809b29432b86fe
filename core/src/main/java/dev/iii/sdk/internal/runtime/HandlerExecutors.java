package dev.iii.sdk.internal.runtime;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default handler executor: virtual threads when the runtime offers them (Java 21+, looked up reflectively so
 * the compile target stays 17), else a bounded pool with <em>no queue</em>. With no queue, a task that finds every
 * thread busy is rejected at once and the invocation is answered with {@code handler_pool_exhausted}: a nested
 * same-worker call chain deeper than the pool therefore fails fast instead of deadlocking until its timeouts.
 */
final class HandlerExecutors {
  private static final Logger log = LoggerFactory.getLogger(HandlerExecutors.class);

  private HandlerExecutors() {}

  static ExecutorService create(String threadPrefix, int poolSize) {
    ExecutorService virtual = tryVirtual(threadPrefix);
    if (virtual != null) {
      return virtual;
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0, poolSize, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), tf, new ThreadPoolExecutor.AbortPolicy());
    return pool;
  }

  private static ExecutorService tryVirtual(String threadPrefix) {
    try {
      Class<?> threadClass = Thread.class;
      Method ofVirtual = threadClass.getMethod("ofVirtual");
      Object builder = ofVirtual.invoke(null);
      Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
      Method name = builderClass.getMethod("name", String.class, long.class);
      builder = name.invoke(builder, threadPrefix, 1L);
      Method factory = builderClass.getMethod("factory");
      ThreadFactory tf = (ThreadFactory) factory.invoke(builder);
      Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
      return (ExecutorService) perTask.invoke(null, tf);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("virtual threads unavailable ({}); using a bounded handler pool", e.toString());
      return null;
    }
  }
}
