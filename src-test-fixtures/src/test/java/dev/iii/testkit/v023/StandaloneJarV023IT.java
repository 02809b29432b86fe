package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The shaded jar with {@code --engine-version 0.23}: workers get a {@code reattach_token}. */
class StandaloneJarV023IT {
  private static final Pattern LINE = Pattern.compile("iii test engine listening on ws://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void engineVersionFlagSelects023() throws Exception {
    Path jar = Path.of(System.getProperty("iii.testkit.standaloneJar",
        "target/iii-testkit-0.1.0-SNAPSHOT-standalone.jar"));
    assertTrue(Files.isRegularFile(jar), "standalone jar missing: " + jar.toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--engine-version", "0.23")
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
      try (RawWorker w = RawWorker.connect("ws://127.0.0.1:" + m.group(1))) {
        String token = Wire023.reattachToken(w);
        assertTrue(token != null && !token.isBlank(), "reattach_token in " + w.received().get(0));
      }
      p.toHandle().destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "engine stops on SIGTERM");
      assertFalse(p.isAlive());
    } finally {
      p.destroyForcibly();
    }
  }
}
