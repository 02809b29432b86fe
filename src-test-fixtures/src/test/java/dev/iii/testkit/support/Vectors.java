package dev.iii.testkit.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the golden frames of {@code shared/spec/vectors}. The folder is found by walking up from the working
 * directory (Maven runs tests in the module directory) looking for {@code shared/spec/vectors} or, for CI where
 * {@code shared/} is a sibling of the checkout, {@code ../shared/spec/vectors}; {@code -Diii.vectors.dir} wins.
 */
public final class Vectors {
  private Vectors() {}

  public static Path dir() {
    String explicit = System.getProperty("iii.vectors.dir");
    if (explicit != null) {
      return Path.of(explicit);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      for (Path candidate : List.of(p.resolve("shared/spec/vectors"), p.resolve("../shared/spec/vectors"))) {
        if (Files.isDirectory(candidate)) {
          return candidate.normalize();
        }
      }
      p = p.getParent();
    }
    throw new IllegalStateException("shared/spec/vectors not found above " + Path.of("").toAbsolutePath()
        + " (set -Diii.vectors.dir)");
  }

  public static JsonNode load(String relative) {
    try {
      return RawWorker.JSON.readTree(dir().resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File names (relative to the vectors folder) starting with {@code prefix} in {@code sub} ("" or "builtins"). */
  public static List<String> list(String sub, String prefix) {
    Path d = sub.isEmpty() ? dir() : dir().resolve(sub);
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
          .sorted()
          .map(n -> sub.isEmpty() ? n : sub + "/" + n)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frame as the vector's text on the wire: compact, members in the order shown. */
  public static String wireText(JsonNode vector) {
    return vector.get("frame").toString();
  }
}
