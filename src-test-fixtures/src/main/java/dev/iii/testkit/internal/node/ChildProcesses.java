package dev.iii.testkit.internal.node;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Stopping child processes so that none outlives a test, whatever state it is in. */
public final class ChildProcesses {

  private ChildProcesses() {}

  /**
   * Asks politely (SIGTERM via {@link Process#destroy()}), waits up to {@code grace}, then kills.
   * Child processes of the child (none expected: node and java are started directly) are killed too.
   */
  public static void stop(@Nullable Process process, Duration grace) {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroy();
      awaitExit(process, grace);
    }
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
  }

  /** Waits for the process to exit by itself (e.g. after its stdin was closed); false on timeout. */
  public static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a short command and returns its first output line, or null if it cannot run (not installed). */
  public static @Nullable String firstLineOf(Duration timeout, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close(); // nothing to say to it; a closed stdin keeps it from waiting for input
      OutputLines lines = new OutputLines(command[0], process);
      try {
        if (!awaitExit(process, timeout) || process.exitValue() != 0) {
          return null;
        }
        return lines.await("first line of " + command[0], line -> true, timeout);
      } finally {
        stop(process, Duration.ZERO);
      }
    } catch (IOException | TimeoutException e) {
      return null;
    }
  }
}
