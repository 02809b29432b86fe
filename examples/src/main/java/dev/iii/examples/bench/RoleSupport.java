package dev.iii.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** What every child role process shares: dying with its parent, the ready line, running a caller's phases. */
final class RoleSupport {

  /** The line a callee prints once its function is registered and the engine has applied the registration. */
  static final String READY_LINE = "READY";

  private RoleSupport() {
  }

  /**
   * The orchestrator keeps each child's stdin open; end-of-file means the orchestrator is gone (even if it was
   * killed without running its shutdown hook), so the child exits instead of lingering.
   */
  static void exitWhenParentGoes() {
    Thread watcher = new Thread(() -> {
      InputStream in = System.in;
      try {
        while (in.read() >= 0) {
          // input is ignored; only end-of-file matters
        }
      } catch (IOException ignored) {
        // a broken stdin means the same as end-of-file
      }
      System.exit(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Blocks the callee's main thread until the process is told to stop. */
  static void parkForever() throws InterruptedException {
    Thread.currentThread().join();
  }

  /** Runs the warm-up phase then the measured phase and prints the measured phase's JSON line on stdout. */
  static void runCaller(String kind, CallerArgs args, ClosedLoopDriver.AsyncCall call, Duration phaseTimeout)
      throws InterruptedException {
    if (args.warmup() > 0) {
      ClosedLoopDriver.Phase warm = ClosedLoopDriver.run(call, args.inFlight(), args.warmup(), phaseTimeout);
      if (warm.lost() > 0) {
        throw new IllegalStateException("warm-up lost " + warm.lost() + " calls; first error: " + warm.firstError());
      }
      System.err.printf("%s: warm-up %d calls in %.2fs (%d failed)%n", kind, warm.count(), warm.seconds(),
          warm.failed());
    }
    ClosedLoopDriver.Phase measured = ClosedLoopDriver.run(call, args.inFlight(), args.measured(), phaseTimeout);
    System.out.println(CallerReport.of(kind, args.inFlight(), measured).toJsonLine());
    System.out.flush();
  }
}
