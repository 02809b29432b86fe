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
    command.addAll(jvmOptions);
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
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

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
