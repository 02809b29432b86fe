package dev.iii.testkit.interop;

import dev.iii.testkit.internal.node.ChildProcesses;
import dev.iii.testkit.internal.node.OutputLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test engine's standalone jar, run as its own process on a free loopback port. */
final class StandaloneEngine implements AutoCloseable {

  /** The one stdout line the jar prints once it accepts connections. */
  static final Pattern LISTENING = Pattern.compile("^iii test engine listening on (ws://127\\.0\\.0\\.1:\\d+)$");

  private final Process process;
  private final OutputLines output;
  private final String url;

  private StandaloneEngine(Process process, OutputLines output, String url) {
    this.process = process;
    this.output = output;
    this.url = url;
  }

  /** Starts {@code java -jar <jar> --port 0} and waits for the listening line. */
  static StandaloneEngine start(Path jar, Duration startupTimeout) throws IOException, TimeoutException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("standalone jar not found: " + jar.toAbsolutePath()
          + " (it is built by `mvn -pl src-test-fixtures package`)");
    }
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--port", "0").start();
    process.getOutputStream().close();
    OutputLines output = new OutputLines("engine", process);
    try {
      String line = output.await("the engine's listening line", l -> LISTENING.matcher(l).matches(), startupTimeout);
      Matcher m = LISTENING.matcher(line);
      if (!m.matches()) {
        throw new IllegalStateException("unreachable: line no longer matches " + line);
      }
      return new StandaloneEngine(process, output, m.group(1));
    } catch (TimeoutException | RuntimeException e) {
      ChildProcesses.stop(process, Duration.ofSeconds(2));
      throw e;
    }
  }

  String url() {
    return url;
  }

  /** The engine's stdout and stderr so far, for failure messages. */
  String describe() {
    return output.describe();
  }

  @Override
  public void close() {
    ChildProcesses.stop(process, Duration.ofSeconds(5));
  }
}
