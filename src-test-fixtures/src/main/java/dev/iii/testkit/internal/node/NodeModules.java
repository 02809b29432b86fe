package dev.iii.testkit.internal.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the repository's {@code interop/node} folder and makes sure its {@code node_modules} holds the
 * official Node SDK before a test starts a Node worker, so that a plain {@code mvn verify} on a clean
 * checkout (CI) needs no manual npm step.
 */
public final class NodeModules {

  /** System property naming the repository root; set by the build for tests that run from elsewhere. */
  public static final String REPO_ROOT_PROPERTY = "iii.repo.root";

  /** Packages the Node workers import; if any is missing the folder is (re)installed. */
  private static final List<String> REQUIRED = List.of("iii-sdk", "ws");

  private static final Path MARKER = Paths.get("interop", "node", "package.json");

  private NodeModules() {}

  /**
   * The {@code interop/node} folder: under the system property {@value #REPO_ROOT_PROPERTY} when it is set,
   * otherwise under the nearest directory, from the current one upwards, that contains
   * {@code interop/node/package.json} (a module's tests run with the module folder as current directory).
   *
   * @throws IllegalStateException when the property points elsewhere or no such directory exists
   */
  public static Path locateNodeDir() {
    String property = System.getProperty(REPO_ROOT_PROPERTY, "");
    if (!property.isBlank()) {
      Path root = Paths.get(property).toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve(MARKER))) {
        throw new IllegalStateException("system property " + REPO_ROOT_PROPERTY + "=" + property
            + " does not point at the repository root: " + root.resolve(MARKER) + " does not exist");
      }
      return root.resolve("interop").resolve("node");
    }
    Path start = Paths.get("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return dir.resolve("interop").resolve("node");
      }
    }
    throw new IllegalStateException("no " + MARKER + " in " + start + " or any parent directory; set the system"
        + " property " + REPO_ROOT_PROPERTY + " to the repository root");
  }

  /** The output of {@code node --version} (e.g. {@code v22.1.0}), or null when node is not on PATH. */
  public static @Nullable String nodeVersion() {
    return ChildProcesses.firstLineOf(Duration.ofSeconds(20), "node", "--version");
  }

  /**
   * Runs {@code npm ci} (reproducible, from package-lock.json) or, when there is no lock file,
   * {@code npm install}, unless every required package is already installed.
   *
   * @throws IllegalStateException with npm's whole output when npm fails or exceeds {@code timeout}
   */
  // synchronized: two test classes of one JVM must not run npm in the same folder at once.
  public static synchronized void ensureInstalled(Path nodeDir, Duration timeout) {
    if (!Files.isRegularFile(nodeDir.resolve("package.json"))) {
      throw new IllegalStateException("no package.json in " + nodeDir.toAbsolutePath()
          + " (is the system property iii.repo.root pointing at the repository root?)");
    }
    if (REQUIRED.stream().allMatch(pkg -> Files.isRegularFile(nodeDir.resolve("node_modules").resolve(pkg)
        .resolve("package.json")))) {
      return;
    }
    boolean locked = Files.isRegularFile(nodeDir.resolve("package-lock.json"));
    List<String> command = List.of(npmExecutable(), locked ? "ci" : "install", "--no-audit", "--no-fund");
    run(nodeDir, command, timeout);
    for (String pkg : REQUIRED) {
      if (!Files.isRegularFile(nodeDir.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
        throw new IllegalStateException(String.join(" ", command) + " succeeded but node_modules/" + pkg
            + " is still missing in " + nodeDir.toAbsolutePath());
      }
    }
  }

  private static void run(Path dir, List<String> command, Duration timeout) {
    Process npm;
    try {
      npm = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + String.join(" ", command) + " in " + dir.toAbsolutePath()
          + ": " + e.getMessage() + " (is npm installed and on PATH?)", e);
    }
    closeQuietly(npm); // npm never prompts without a terminal, but a closed stdin makes sure
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread copier = new Thread(() -> copy(npm.getInputStream(), output), "npm-output");
    copier.setDaemon(true);
    copier.start();
    try {
      boolean finished = ChildProcesses.awaitExit(npm, timeout);
      if (!finished) {
        ChildProcesses.stop(npm, Duration.ofSeconds(2));
      }
      joinQuietly(copier);
      String text = output(output);
      if (!finished) {
        throw new IllegalStateException(String.join(" ", command) + " in " + dir.toAbsolutePath()
            + " did not finish within " + timeout + "; its output:\n" + text);
      }
      if (npm.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " in " + dir.toAbsolutePath()
            + " failed with exit code " + npm.exitValue() + "; its output:\n" + text);
      }
    } finally {
      ChildProcesses.stop(npm, Duration.ZERO);
    }
  }

  private static String npmExecutable() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing to do: npm then just sees no stdin.
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The process was killed: keep what was read so far.
    }
  }

  private static String output(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
