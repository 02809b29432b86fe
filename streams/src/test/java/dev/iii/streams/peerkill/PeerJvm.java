package dev.iii.streams.peerkill;

import dev.iii.testkit.internal.node.OutputLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@link ChannelPeerProcess} in its own JVM ({@code -Xmx96m}, the test's class path), with its output collected
 * by the testkit's {@link OutputLines} so the test can wait for progress lines (with a timeout, never a sleep) and
 * its stdin open for commands. {@link #kill()} is the abrupt death under test: {@code destroyForcibly}, as a crash
 * or {@code kill -9}.
 */
final class PeerJvm implements AutoCloseable {

  private final String role;
  private final Process process;
  private final OutputLines output;

  private PeerJvm(String role, Process process) {
    this.role = role;
    this.process = process;
    this.output = new OutputLines(role, process);
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

  /**
   * The first stdout line (from the start) that matches, waiting up to {@code timeout}. A FATAL or HANDLER-FAILED
   * line before it fails the test at once: the peer has reported that what we wait for will never come.
   */
  String await(String what, Predicate<String> test, Duration timeout) {
    try {
      return output.await(what, test, PeerJvm::reportsFailure, timeout);
    } catch (TimeoutException | IllegalStateException e) {
      throw new AssertionError("the " + role + " JVM: " + e.getMessage(), e);
    }
  }

  private static boolean reportsFailure(String line) {
    return line.startsWith("FATAL ") || line.startsWith("HANDLER-FAILED ");
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
}
