package dev.iii.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The facts a benchmark report needs to be read correctly: the machine and the runtimes on it. */
final class MachineFacts {

  private MachineFacts() {
  }

  static Map<String, String> collect(String javaBinary, String nodeBinary) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("cpu", cpuModel());
    facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("memory", memTotal());
    // Other processes on the machine skew every number; the load average at the start says how much.
    facts.put("load", loadAverage());
    facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + javaBinary + ")");
    facts.put("node", commandOutput(List.of(nodeBinary, "--version")));
    return facts;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown (no model name in /proc/cpuinfo)");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2] + " (1/5/15 min)";
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal:"))
          .map(line -> {
            long kib = Long.parseLong(line.replaceAll("\\D", ""));
            return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
          })
          .findFirst().orElse("unknown");
    } catch (IOException | NumberFormatException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String commandOutput(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return out.isEmpty() ? "unknown" : out;
    } catch (IOException e) {
      return "not available (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
