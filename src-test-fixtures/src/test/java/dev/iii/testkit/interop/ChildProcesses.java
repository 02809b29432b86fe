package dev.iii.testkit.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping child processes so that none outlives a test, whatever state it is in. */
final class ChildProcesses {

  private ChildProcesses() {}

  /**
   * Asks politely (SIGTERM via {@link Process#destroy()}), waits up to {@code grace}, then kills.
   * Child processes of the child (none expected: node and java are started directly) are killed too.
   */
  static void stop(Process process, Duration grace) {
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
  static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a short command and returns its first output line, or null if it cannot run (not installed). */
  static String firstLineOf(Duration timeout, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      OutputLines lines = new OutputLines(command[0], process);
      try {
        if (!awaitExit(process, timeout) || process.exitValue() != 0) {
          return null;
        }
        return lines.await("first line of " + command[0], line -> true, timeout);
      } finally {
        stop(process, Duration.ZERO);
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      return null;
    }
  }
}
