package dev.iii.sdk.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the golden frames of {@code shared/spec/vectors}. The directory sits beside the repository, so it is found by
 * walking up from the working directory until a directory containing {@code shared/spec/vectors} appears (/work in
 * the sandbox, the repository's parent in CI).
 */
final class Vectors {
  private Vectors() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One vector file: its name (without directory) and parsed content. */
  record Vector(String name, JsonNode content) {
    JsonNode frame() {
      return content.get("frame");
    }

    boolean engineAccepts() {
      return content.get("engine_accepts").asBoolean();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Path directory() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/spec/vectors");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/spec/vectors directory above " + dir);
  }

  /** Vectors whose file name starts with {@code prefix}, from the top directory or {@code builtins/}. */
  static List<Vector> load(String subdir, String prefix) {
    Path dir = subdir.isEmpty() ? directory() : directory().resolve(subdir);
    try (Stream<Path> files = Files.list(dir)) {
      List<Vector> out =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .sorted()
              .map(Vectors::read)
              .toList();
      if (out.isEmpty()) {
        throw new IllegalStateException("no vectors " + prefix + "* in " + dir);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Vector byName(String subdir, String name) {
    Path dir = subdir.isEmpty() ? directory() : directory().resolve(subdir);
    return read(dir.resolve(name));
  }

  private static Vector read(Path file) {
    try {
      return new Vector(file.getFileName().toString(), MAPPER.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frame as the text on the wire: written compactly, members in file order (README "Fields"). */
  static String wireText(JsonNode frame) {
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
