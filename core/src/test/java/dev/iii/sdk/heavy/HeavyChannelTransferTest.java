package dev.iii.sdk.heavy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.testkit.internal.node.NodeModules;
import dev.iii.testkit.internal.node.OutputLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The heavy channel scenario: 1 GiB from a writer worker to a reader worker throttled to a fixed rate that stops
 * reading once for more than 60 s, each worker in its own JVM with {@code -Xmx96m}, the engine (the standalone
 * test-engine jar) in a third process. The transfer must complete and the SHA-256 match: backpressure holds the
 * writer through the pause (bounded memory on all sides) and no socket gives up on the silent minute.
 *
 * <p>About two and a half minutes. Tagged {@code heavy}: {@code -Dsurefire.excludedGroups=heavy} leaves it out.
 * Needs {@code src-test-fixtures/target/iii-testkit-*-standalone.jar} ({@code mvn -pl src-test-fixtures package}).
 */
@Tag("heavy")
class HeavyChannelTransferTest {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final int RATE = 16 * 1024 * 1024; // bytes per second: 64 s of reading for 1 GiB
  private static final long PAUSE_MS = 61_000;
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration TRANSFER = Duration.ofMinutes(15);

  private final List<Process> processes = new ArrayList<>();
  private III driver;

  @AfterEach
  void stopEverything() {
    if (driver != null) driver.shutdown();
    // Workers first (closing stdin stops them cleanly), the engine last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
  }

  /** SIGTERM, then kill after a grace period; no process of this test outlives it. */
  private static void stop(Process p) {
    try {
      p.getOutputStream().close();
    } catch (java.io.IOException ignored) {
      // already gone
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void oneGibToAThrottledReaderThatPausesForMoreThanAMinute() throws Exception {
    Path root = NodeModules.locateNodeDir().getParent().getParent();
    Path jar = root.resolve("src-test-fixtures/target/iii-testkit-0.1.0-SNAPSHOT-standalone.jar");
    assumeTrue(Files.isRegularFile(jar), "build the standalone test engine first: " + jar);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    Process engine = start(List.of(java, "-jar", jar.toString(), "--port", "0"));
    String listening = new OutputLines("engine", engine)
        .await("engine listening", l -> l.startsWith("iii test engine listening on "), STARTUP);
    String url = listening.substring("iii test engine listening on ".length()).trim();

    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String role : List.of("writer", "reader")) {
      Process p = start(List.of(java, "-Xmx96m", "-cp", cp, HeavyChannelWorker.class.getName(), role, url));
      String first = new OutputLines(role, p)
          .await(role + " READY", l -> l.startsWith("READY ") || l.startsWith("FATAL "), STARTUP);
      assertTrue(first.startsWith("READY "), role + " could not start: " + first);
    }

    driver = III.registerWorker(url, InitOptions.newBuilder().workerName("heavy-driver").build());
    Channel ch = driver.createChannel();
    CompletableFuture<JsonNode> read = driver.callAsync("heavy::read",
        Map.of("input", ch.readerRef(), "rate", RATE, "pause_at", 256L * 1024 * 1024, "pause_ms", PAUSE_MS),
        JsonNode.class, TRANSFER).toCompletableFuture();
    JsonNode wrote = driver.callAsync("heavy::write", Map.of("output", ch.writerRef(), "bytes", GIB, "seed", 20261127L),
        JsonNode.class, TRANSFER).toCompletableFuture().get(TRANSFER.toMillis(), TimeUnit.MILLISECONDS);
    JsonNode got = read.get(TRANSFER.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println("heavy transfer: wrote " + wrote + ", read " + got);

    assertEquals(GIB, wrote.path("bytes").asLong(), wrote.toString());
    assertEquals(GIB, got.path("bytes").asLong(), got.toString());
    assertEquals(wrote.path("sha256").asText(), got.path("sha256").asText());
    assertTrue(got.path("paused_ms").asLong() >= 60_000, "the reader paused: " + got);
  }

  private Process start(List<String> command) throws java.io.IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("III_URL");
    Process p = builder.start();
    processes.add(p);
    return p;
  }
}
