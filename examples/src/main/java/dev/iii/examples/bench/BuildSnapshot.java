package dev.iii.examples.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Private copies of the engine jar and of the workers' classpath, taken once at start. A benchmark runs for
 * minutes; a rebuild meanwhile ({@code mvn install} rewrites {@code target/} and the local repository) would
 * otherwise change or break the code under measurement halfway through. Deleted when the JVM exits.
 */
final class BuildSnapshot {

  private final Path root;
  private int entries;

  private BuildSnapshot(Path root) {
    this.root = root;
  }

  static BuildSnapshot create() throws IOException {
    BuildSnapshot snapshot = new BuildSnapshot(Files.createTempDirectory("iii-bench-"));
    Runtime.getRuntime().addShutdownHook(new Thread(snapshot::delete, "delete-bench-snapshot"));
    return snapshot;
  }

  /** Copies one jar or class directory; missing entries (Maven lists some that never exist) are dropped. */
  Path copy(Path entry) throws IOException {
    Path target = root.resolve(String.format("%03d-%s", entries++, entry.getFileName()));
    if (Files.isDirectory(entry)) {
      try (Stream<Path> tree = Files.walk(entry)) {
        for (Path source : (Iterable<Path>) tree::iterator) {
          Files.copy(source, target.resolve(entry.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } else {
      Files.copy(entry, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return target;
  }

  /** The same classpath, every entry replaced by its copy. */
  String copyClasspath(String classpath) throws IOException {
    List<String> copied = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank() && Files.exists(Path.of(entry))) {
        copied.add(copy(Path.of(entry)).toString());
      }
    }
    return String.join(File.pathSeparator, copied);
  }

  private void delete() {
    try (Stream<Path> tree = Files.walk(root)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete the benchmark's build snapshot " + root + ": " + e.getMessage());
    }
  }
}
