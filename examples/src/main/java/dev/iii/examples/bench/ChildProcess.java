package dev.iii.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process of the benchmark (engine, callee or caller). Its stdout lines are queued for the
 * orchestrator to wait on; its stderr is echoed with a name prefix. Every child started is remembered so a
 * JVM shutdown hook can kill whatever is still running, whatever way the orchestrator ends.
 */
final class ChildProcess implements AutoCloseable {

  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final String EOF = "\u0000eof";

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "kill-bench-children"));
  }

  private final String name;
  private final Process process;
  private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
  /** Stdout lines already taken by {@link #awaitLine}; only the waiting thread touches it. */
  private final List<String> seenStdout = new ArrayList<>();

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> extraEnv) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(extraEnv);
    // stdin stays a pipe on purpose: Java children exit when it reaches end-of-file (see RoleSupport).
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    ChildProcess child = new ChildProcess(name, process);
    LIVE.add(child);
    child.pump(process.getInputStream(), true);
    child.pump(process.getErrorStream(), false);
    return child;
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or -1 while running. */
  int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  private void pump(InputStream stream, boolean isStdout) {
    Thread pump = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (isStdout) {
            stdoutLines.add(line);
          } else {
            System.err.println("  [" + name + "] " + line);
          }
        }
      } catch (IOException closed) {
        // the process went away; EOF below tells any waiter
      } finally {
        if (isStdout) {
          stdoutLines.add(EOF);
        }
      }
    }, name + (isStdout ? "-stdout" : "-stderr"));
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Waits for the first stdout line that {@code wanted} accepts (other lines are kept for error messages).
   * Fails clearly if the process ends first or the timeout passes.
   */
  String awaitLine(Predicate<String> wanted, String what, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? stdoutLines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new IllegalStateException(name + ": no " + what + " within " + timeout.toSeconds() + " s"
            + lastLines());
      }
      if (line.equals(EOF)) {
        stdoutLines.add(EOF); // keep end-of-file visible to later waiters
        process.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(name + " ended before printing " + what
            + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")") + lastLines());
      }
      seenStdout.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** The last few stdout lines, for error messages (its stderr has already been echoed). */
  private String lastLines() {
    List<String> tail = seenStdout.subList(Math.max(0, seenStdout.size() - 5), seenStdout.size());
    return tail.isEmpty() ? "; no stdout" : "; last stdout lines:\n    " + String.join("\n    ", tail);
  }

  /** Waits for the process to end by itself, then kills it if it has not. Returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds() + " s");
    }
    LIVE.remove(this);
    return process.exitValue();
  }

  /** Stops the process and its descendants: politely first, forcibly after a few seconds. */
  @Override
  public void close() {
    LIVE.remove(this);
    List<ProcessHandle> descendants = process.descendants().toList();
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static void killAll() {
    for (ChildProcess child : List.copyOf(LIVE)) {
      child.close();
    }
  }
}
