package dev.iii.examples.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The raw relay's two processes: a callee that registers {@code bench::echo} with a {@code registerfunction}
 * frame and echoes each {@code invokefunction}'s {@code data}, and a caller driving {@code invokefunction} frames
 * through a plain map of futures.
 */
final class RawRoles {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private RawRoles() {
  }

  /** {@code raw-callee <url> <function-id>} (or {@code raw-pekko-callee}) */
  static void callee(String[] args, TextSocket.Transport transport) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("raw callee needs: <url> <function-id>");
    }
    RawWorker worker = RawWorker.connect(args[0], CONNECT_TIMEOUT, transport);
    worker.registerEcho(args[1]);
    // Registration barrier: the engine handles one connection's frames in order, so once this later call is
    // answered the registration above has been applied.
    worker.invokeJson("engine::functions::list", RawWorker.JSON.createObjectNode())
        .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println(RoleSupport.READY_LINE);
    System.out.flush();
    worker.socketClosed().join();
    System.err.println("raw-callee: the engine closed the connection");
  }

  /** {@code raw-caller <url> <function-id> <payload-bytes> <in-flight> <warmup> <measured>} (or raw-pekko-caller) */
  static void caller(String[] args, TextSocket.Transport transport, Duration phaseTimeout) throws Exception {
    CallerArgs callerArgs = CallerArgs.parse(args, 0);
    String functionIdJson = RawWorker.JSON.valueToTree(callerArgs.functionId()).toString();
    String payload = Payloads.objectOfSize(callerArgs.payloadBytes());
    String kind = transport == TextSocket.Transport.JDK ? "raw" : "raw-pekko";
    try (RawWorker worker = RawWorker.connect(callerArgs.url(), CONNECT_TIMEOUT, transport)) {
      RoleSupport.runCaller(kind, callerArgs, () -> worker.invoke(functionIdJson, payload), phaseTimeout);
    }
  }
}
