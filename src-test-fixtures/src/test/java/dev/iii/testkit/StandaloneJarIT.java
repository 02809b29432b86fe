package dev.iii.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.support.RawWorker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded jar as its own process ({@code java -jar … --port 0}): exactly one stdout line with the real
 * port, workers can use it, SIGTERM stops it cleanly.
 */
class StandaloneJarIT {
  private static final Pattern LINE = Pattern.compile("iii test engine listening on ws://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void standaloneJarListensPrintsOneLineAndStopsOnSigterm() throws Exception {
    Path jar = Path.of(System.getProperty("iii.testkit.standaloneJar",
        "target/iii-testkit-0.1.0-SNAPSHOT-standalone.jar"));
    assertTrue(Files.isRegularFile(jar), "standalone jar missing: " + jar.toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(60, TimeUnit.SECONDS);
      Matcher m = LINE.matcher(first == null ? "" : first);
      assertTrue(m.matches(), "stdout line: " + first);
      int port = Integer.parseInt(m.group(1));
      assertTrue(port > 0);
      try (RawWorker w = RawWorker.connect("ws://127.0.0.1:" + port)) {
        JsonNode r = w.callAndWait("engine::functions::list", "{}");
        assertTrue(r.has("result"), r.toString());
      }
      p.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves our end of stdout readable
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "engine stops on SIGTERM");
      assertEquals(null, out.readLine(), "nothing else on stdout");
    } finally {
      p.destroyForcibly();
    }
  }
}
