package dev.iii.examples.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the command line of a child JVM running one of this harness's roles on this module's classpath. */
final class JavaLauncher {

  private final String javaBinary;
  private final String classpath;
  private final List<String> jvmOptions;

  JavaLauncher(String classpath, List<String> jvmOptions) {
    this(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()), classpath, jvmOptions);
  }

  private JavaLauncher(String javaBinary, String classpath, List<String> jvmOptions) {
    this.javaBinary = javaBinary;
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** The same launcher with other JVM options (the classpath and java binary stay). */
  JavaLauncher withOptions(List<String> options) {
    return new JavaLauncher(javaBinary, classpath, options);
  }

  String javaBinary() {
    return javaBinary;
  }

  /** {@code java <opts> -cp <classpath> dev.iii.examples.bench.BenchMain role <role> <args…>} */
  List<String> role(String role, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(expandName(jvmOptions, role));
    command.add("-cp");
    command.add(classpath);
    command.add(BenchMain.class.getName());
    command.add("role");
    command.add(role);
    command.addAll(args);
    return command;
  }

  /** {@code java <opts> -jar <jar> <args…>} */
  List<String> jar(Path jar, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(expandName(jvmOptions, "engine"));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  /**
   * JDK 17 does not expand {@code %p} in a flight-recording file name, so every child would overwrite one file;
   * the launcher replaces {@code %p} with the role and a sequence number (e.g. {@code java-callee-3}).
   */
  private static List<String> expandName(List<String> options, String role) {
    String name = role + "-" + LAUNCHES.incrementAndGet();
    return options.stream().map(o -> o.replace("%p", name)).toList();
  }

  private static final AtomicInteger LAUNCHES = new AtomicInteger();

  /**
   * Under {@code mvn exec:java} this class is loaded by the plugin's own URL class loader holding the module's
   * classpath, while {@code java.class.path} is Maven's launcher; only that loader's own URLs are taken (its
   * parents are Maven's). Run with plain {@code java -cp}, the system class path is the answer.
   */
  static String moduleClasspath() {
    ClassLoader loader = BenchMain.class.getClassLoader();
    if (loader != ClassLoader.getSystemClassLoader() && loader instanceof URLClassLoader urls) {
      Set<String> entries = new LinkedHashSet<>();
      for (URL url : urls.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
          // not a local file: a child JVM could not use it anyway
        }
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }
}
