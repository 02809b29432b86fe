package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's own raw connection to the engine, used to see when a callee's function appears (all its
 * registrations applied) and disappears (the previous callee fully gone) through {@code engine::functions::list}.
 */
final class EngineProbe implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private final RawWorker worker;

  EngineProbe(String url) throws Exception {
    this.worker = RawWorker.connect(url, Duration.ofSeconds(10));
  }

  boolean isRegistered(String functionId) throws Exception {
    JsonNode result = worker.invokeJson("engine::functions::list", RawWorker.JSON.createObjectNode())
        .get(10, TimeUnit.SECONDS);
    for (JsonNode function : result.path("functions")) {
      if (functionId.equals(function.path("function_id").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Polls until the function is (or is no longer) registered; a benchmark orchestrator may poll. */
  void awaitRegistered(String functionId, boolean registered, Duration timeout) throws Exception {
    awaitRegistered(functionId, registered, timeout, null);
  }

  /** As above, and fails at once if {@code registrant} ends first (it would never register the function). */
  void awaitRegistered(String functionId, boolean registered, Duration timeout, ChildProcess registrant)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRegistered(functionId) != registered) {
      if (registrant != null && !registrant.isAlive()) {
        throw new IllegalStateException(registrant.name() + " ended (exit code " + registrant.exitCode()
            + ") before " + functionId + " was registered");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("function " + functionId
            + (registered ? " not registered" : " still registered")
            + " after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
