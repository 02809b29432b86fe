package dev.iii.testkit.internal.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Collects a child process's output lines on a daemon thread and lets a test wait for a line with a
 * timeout. Every stdout line is kept (the protocol output is small); stderr is kept only as a bounded
 * tail, for failure messages.
 */
public final class OutputLines {

  private static final int STDERR_TAIL_LINES = 200;

  private final String name;
  private final List<String> stdout = new ArrayList<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private boolean stdoutClosed;

  /** Starts reading both output streams of {@code process}; {@code name} labels failure messages. */
  public OutputLines(String name, Process process) {
    this.name = name;
    startReader(name + "-stdout", process.getInputStream(), this::addStdout, this::closeStdout);
    startReader(name + "-stderr", process.getErrorStream(), this::addStderr, () -> {});
  }

  private static void startReader(String threadName, InputStream in, Consumer<String> onLine,
      Runnable onEnd) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // The process was destroyed while we were reading: the stream simply ends.
      } finally {
        onEnd.run();
      }
    }, threadName);
    reader.setDaemon(true);
    reader.start();
  }

  private synchronized void addStdout(String line) {
    stdout.add(line);
    notifyAll();
  }

  private synchronized void closeStdout() {
    stdoutClosed = true;
    notifyAll();
  }

  private synchronized void addStderr(String line) {
    if (stderrTail.size() == STDERR_TAIL_LINES) {
      stderrTail.removeFirst();
    }
    stderrTail.addLast(line);
  }

  /**
   * The first stdout line (from the start of output) matching {@code test}, waiting up to {@code timeout}.
   *
   * @throws TimeoutException on timeout or when stdout ends first; its message holds all output so far
   */
  public String await(String what, Predicate<String> test, Duration timeout) throws TimeoutException {
    return await(what, test, line -> false, timeout);
  }

  /**
   * Like {@link #await(String, Predicate, Duration)}, but gives up as soon as a line matching {@code poison}
   * comes before a matching one: a child that reports its own failure (a FATAL line, say) should fail the
   * wait at once, with that line in the message, instead of leaving the caller to sit out the timeout.
   *
   * @throws TimeoutException on timeout or when stdout ends first; its message holds all output so far
   * @throws IllegalStateException when a poison line is met first; its message holds all output so far
   */
  public synchronized String await(String what, Predicate<String> test, Predicate<String> poison, Duration timeout)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    while (true) {
      for (; scanned < stdout.size(); scanned++) {
        String line = stdout.get(scanned);
        if (test.test(line)) {
          return line;
        }
        if (poison.test(line)) {
          throw new IllegalStateException(name + " printed \"" + line + "\" while we waited for " + what + "\n"
              + describe());
        }
      }
      long leftNanos = deadline - System.nanoTime();
      if (stdoutClosed || leftNanos <= 0) {
        throw new TimeoutException((stdoutClosed ? "output of " + name + " ended" : "timed out after " + timeout)
            + " waiting for " + what + "\n" + describe());
      }
      try {
        wait(Math.max(1, leftNanos / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** Every stdout line so far, in order. */
  public synchronized List<String> stdoutSnapshot() {
    return List.copyOf(stdout);
  }

  /** Everything useful for a failure message: all stdout lines and the tail of stderr. */
  public synchronized String describe() {
    return "--- " + name + " stdout ---\n" + String.join("\n", stdout)
        + "\n--- " + name + " stderr (last " + STDERR_TAIL_LINES + " lines) ---\n" + String.join("\n", stderrTail);
  }
}
