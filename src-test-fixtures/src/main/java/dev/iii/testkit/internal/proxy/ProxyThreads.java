package dev.iii.testkit.internal.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the proxy's threads, all named {@code iii-fault-proxy-*} and daemon (a forgotten proxy must not keep a
 * JVM alive), and remembers the live ones so that closing the proxy can wait until every one has ended: callers
 * may then assert that no proxy thread is left.
 */
public final class ProxyThreads {
  private final String prefix;
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();

  public ProxyThreads(String prefix) {
    this.prefix = prefix;
  }

  /** Starts {@code body} on a new thread named {@code <prefix>-<name>}. */
  public Thread start(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } finally {
        live.remove(Thread.currentThread());
      }
    }, prefix + "-" + name);
    thread.setDaemon(true);
    live.add(thread);
    thread.start();
    return thread;
  }

  /**
   * Interrupts every live thread and waits until all have ended, at most {@code timeout} in total.
   *
   * @return the threads still alive after the timeout (empty when all ended)
   */
  public List<Thread> interruptAndJoin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : live) {
      if (t != Thread.currentThread()) {
        t.interrupt();
      }
    }
    for (Thread t : List.copyOf(live)) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        t.join(leftMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return live.stream().filter(Thread::isAlive).filter(t -> t != Thread.currentThread()).toList();
  }
}
