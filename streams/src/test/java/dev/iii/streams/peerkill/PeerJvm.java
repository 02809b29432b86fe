package dev.iii.streams.peerkill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link ChannelPeerProcess} in its own JVM ({@code -Xmx96m}, the test's class path), with its stdout lines
 * collected so the test can wait for progress lines (with a timeout, never a sleep) and its stdin open for
 * commands. {@link #kill()} is the abrupt death under test: {@code destroyForcibly}, as a crash or {@code kill -9}.
 */
final class PeerJvm implements AutoCloseable {
  private static final int STDERR_TAIL_LINES = 100;

  private final String role;
  private final Process process;
  private final List<String> stdout = new ArrayList<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private boolean stdoutEnded;

  private PeerJvm(String role, Process process) {
    this.role = role;
    this.process = process;
    drain(role + "-stdout", process.getInputStream(), this::addStdout, this::endStdout);
    // stderr must be read too, or a chatty child blocks on a full pipe; only its tail is kept, for failure messages.
    drain(role + "-stderr", process.getErrorStream(), this::addStderr, () -> {});
  }

  /** Starts {@code ChannelPeerProcess <role> <engineUrl>}. */
  static PeerJvm start(String role, String engineUrl) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire may run tests from a manifest-only jar; this property holds the real test class path.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx96m",
        // A short-lived helper: quick JIT tiers and the serial collector start faster on a busy 2-core machine.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classPath, ChannelPeerProcess.class.getName(), role, engineUrl));
    builder.environment().remove("III_URL"); // the URL on the command line is the only one
    return new PeerJvm(role, builder.start());
  }

  /** The first stdout line (from the start) that matches, waiting up to {@code timeout}. */
  synchronized String await(String what, Predicate<String> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    while (true) {
      for (; scanned < stdout.size(); scanned++) {
        String line = stdout.get(scanned);
        if (test.test(line)) {
          return line;
        }
        if (line.startsWith("FATAL ") || line.startsWith("HANDLER-FAILED ")) {
          throw new AssertionError(role + " failed while the test waited for " + what + "\n" + describe());
        }
      }
      long left = deadline - System.nanoTime();
      if (stdoutEnded || left <= 0) {
        throw new AssertionError((stdoutEnded ? "the " + role + " JVM ended" : "timed out after " + timeout)
            + " waiting for " + what + "\n" + describe());
      }
      try {
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Waits for the exact line {@code line}. */
  String awaitLine(String line, Duration timeout) {
    return await('"' + line + '"', line::equals, timeout);
  }

  /** Sends one command line on the child's stdin. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Kills the JVM at once (no shutdown hooks, no close handshakes: the kernel just drops its sockets). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the " + role + " JVM did not die within 30 s of destroyForcibly");
    }
  }

  /** Idempotent cleanup: whatever happened in the test, no child outlives it. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  synchronized String describe() {
    return "--- " + role + " stdout ---\n" + String.join("\n", stdout)
        + "\n--- " + role + " stderr (last " + STDERR_TAIL_LINES + " lines) ---\n" + String.join("\n", stderrTail);
  }

  private static void drain(String threadName, InputStream stream, Consumer<String> onLine, Runnable onEnd) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the process was killed while we read: its output simply ends
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

  private synchronized void endStdout() {
    stdoutEnded = true;
    notifyAll();
  }

  private synchronized void addStderr(String line) {
    if (stderrTail.size() == STDERR_TAIL_LINES) {
      stderrTail.removeFirst();
    }
    stderrTail.addLast(line);
  }
}
