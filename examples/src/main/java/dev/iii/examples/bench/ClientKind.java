package dev.iii.examples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One client implementation under comparison: how to start its callee (which registers the echo function) and
 * its caller (which prints one JSON line, see {@link CallerReport}) as separate processes.
 */
record ClientKind(String name, String label, BiFunction<String, String, List<String>> calleeCommand,
                  Function<CallerArgs, List<String>> callerCommand) {

  static ClientKind of(String name, JavaLauncher java, BenchOptions options) {
    return switch (name) {
      case "raw" -> new ClientKind(name, "raw relay (java.net.http, map of futures)",
          (url, functionId) -> java.role("raw-callee", List.of(url, functionId)),
          args -> java.role("raw-caller", List.of(args.toArgs())));
      case "raw-pekko" -> new ClientKind(name, "raw relay (Pekko HTTP, map of futures)",
          (url, functionId) -> java.role("raw-pekko-callee", List.of(url, functionId)),
          args -> java.role("raw-pekko-caller", List.of(args.toArgs())));
      case "java" -> new ClientKind(name, "Java SDK (Pekko, InvocationActor)",
          (url, functionId) -> java.role("java-callee", List.of(url, functionId)),
          args -> java.role("java-caller", List.of(args.toArgs())));
      case "node" -> new ClientKind(name, "Node SDK iii-sdk@0.11.6",
          (url, functionId) -> node(options, "bench-callee.mjs", List.of("--url", url, "--function", functionId)),
          args -> node(options, "bench-caller.mjs", List.of("--url", args.url(), "--function", args.functionId(),
              "--payload-bytes", Integer.toString(args.payloadBytes()),
              "--in-flight", Integer.toString(args.inFlight()),
              "--warmup", Integer.toString(args.warmup()), "--count", Integer.toString(args.measured()),
              "--timeout-ms", "60000")));
      default -> throw new IllegalArgumentException("unknown kind " + name);
    };
  }

  private static List<String> node(BenchOptions options, String script, List<String> args) {
    Path file = options.nodeDir.resolve(script);
    List<String> command = new ArrayList<>();
    command.add(options.nodeBinary);
    command.add(file.toString());
    command.addAll(args);
    return command;
  }
}
