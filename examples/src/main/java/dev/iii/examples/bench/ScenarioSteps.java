package dev.iii.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Steps the orchestrated scenarios ({@link Scenarios}, {@link ChannelBench}) share. */
final class ScenarioSteps {

  private ScenarioSteps() {
  }

  /** Why a Node role cannot run with {@code script} from the bench's node folder, or null when it can. */
  static String nodeSetupMissing(BenchOptions options, String script) {
    Path file = options.nodeDir.resolve(script);
    if (!Files.isRegularFile(file)) {
      return "no " + file;
    }
    if (!Files.isDirectory(options.nodeDir.resolve("node_modules"))) {
      return "run 'npm ci' in " + options.nodeDir;
    }
    return null;
  }

  /**
   * The next run registers the same id: waits until the engine has dropped the stopped child's registration of
   * {@code functionId}. Reported, not thrown: throwing here would hide the run's own outcome (or its own failure).
   */
  static void awaitUnregistered(EngineProbe probe, String functionId, Duration timeout) {
    try {
      probe.awaitRegistered(functionId, false, timeout);
    } catch (Exception stillThere) {
      System.err.println("warning: " + stillThere.getMessage() + "; the next run may reach a stale registration");
    }
  }

  /** Whether a child's stdout line is its result: a JSON object (other lines are its progress chatter). */
  static boolean isJsonObject(String line) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("{")) {
      return false;
    }
    try {
      return RawWorker.JSON.readTree(trimmed).isObject();
    } catch (Exception notJson) {
      return false;
    }
  }
}
