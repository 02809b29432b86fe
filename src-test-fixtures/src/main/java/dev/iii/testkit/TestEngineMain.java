package dev.iii.testkit;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the test engine as its own process, for workers written in other languages and for benchmarks:
 * {@code java -jar iii-testkit-<version>-standalone.jar [--host 127.0.0.1] [--port 49134] [--engine-version 0.11.6|0.23]}.
 *
 * <p>Prints exactly one line to stdout once listening, {@code iii test engine listening on ws://127.0.0.1:<port>}
 * (the real port, also with {@code --port 0}); all logging goes to stderr. Runs until killed; SIGTERM/SIGINT
 * close it cleanly.
 */
public final class TestEngineMain {
  static final int DEFAULT_PORT = 49134;

  private TestEngineMain() {}

  public static void main(String[] args) {
    // slf4j-simple writes to stderr by default; set it explicitly so stdout stays the one-line contract.
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
    TestEngineOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    if (options == null) {
      usage(System.out);
      return;
    }
    TestEngine engine;
    try {
      engine = TestEngine.start(options);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "iii-test-engine-shutdown"));
    System.out.println("iii test engine listening on " + engine.url());
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns null when help was asked for. */
  static TestEngineOptions parse(String[] args) {
    TestEngineOptions.Builder b = TestEngineOptions.newBuilder().port(DEFAULT_PORT);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help":
        case "-h":
          return null;
        case "--port":
          b.port(parsePort(value(args, ++i, a)));
          break;
        case "--host":
          b.host(value(args, ++i, a));
          break;
        case "--engine-version":
          b.engineVersion(EngineVersion.parse(value(args, ++i, a)));
          break;
        default:
          if (a.startsWith("--port=")) {
            b.port(parsePort(a.substring(7)));
          } else if (a.startsWith("--host=")) {
            b.host(a.substring(7));
          } else if (a.startsWith("--engine-version=")) {
            b.engineVersion(EngineVersion.parse(a.substring("--engine-version=".length())));
          } else {
            throw new IllegalArgumentException("unknown argument: " + a);
          }
      }
    }
    return b.build();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, got " + s);
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar iii-testkit-standalone.jar [--host HOST] [--port PORT] [--engine-version 0.11.6|0.23]");
    out.println("  --host HOST   interface to bind (default 127.0.0.1)");
    out.println("  --port PORT   port to bind, 0 for any free port (default " + DEFAULT_PORT + ")");
    out.println("  --engine-version V   imitate engine 0.11.6 (default) or 0.23 (PROTOCOL §10)");
    out.println("Prints 'iii test engine listening on ws://HOST:PORT' once listening; stop it with SIGTERM.");
  }
}
