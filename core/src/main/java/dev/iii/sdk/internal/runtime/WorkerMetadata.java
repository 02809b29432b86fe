package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TelemetryOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The data of the {@code engine::workers::register} call (PROTOCOL §3.4) with the defaults of DESIGN §3. */
final class WorkerMetadata {
  static final String SDK_VERSION = "0.1.0";

  /** Counts the workers this process created, for the default name {@code hostname:pid[:N]}. */
  private static final AtomicInteger WORKERS_IN_PROCESS = new AtomicInteger();

  private WorkerMetadata() {}

  /** The default worker name: {@code hostname:pid} for the first worker, {@code hostname:pid:N} for the N-th. */
  static String defaultName() {
    int n = WORKERS_IN_PROCESS.incrementAndGet();
    String base = hostname() + ":" + ProcessHandle.current().pid();
    return n == 1 ? base : base + ":" + n;
  }

  static ObjectNode build(String name, TelemetryOptions t, Function<String, @Nullable String> env) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode data = f.objectNode();
    data.put("runtime", "java");
    data.put("version", SDK_VERSION);
    data.put("name", name);
    data.put(
        "os",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
            + System.getProperty("os.arch") + ")");
    data.put("pid", ProcessHandle.current().pid());
    String isolation = env.apply("III_ISOLATION");
    if (isolation == null || isolation.isBlank()) {
      data.putNull("isolation");
    } else {
      data.put("isolation", isolation);
    }
    ObjectNode tel = data.putObject("telemetry");
    tel.put("language", t.language() != null ? t.language() : Locale.getDefault().toString());
    tel.put("project_name", t.projectName() != null ? t.projectName() : projectName());
    tel.put("framework", t.framework() != null ? t.framework().trim() : "iii-java");
    if (t.amplitudeApiKey() != null) {
      tel.put("amplitude_api_key", t.amplitudeApiKey());
    } else {
      tel.putNull("amplitude_api_key");
    }
    return data;
  }

  /**
   * Adds the 0.23 {@code namespace} (PROTOCOL §10.3) when one is set: {@link InitOptions#namespace()}, else
   * {@code III_NAMESPACE}. Absent otherwise, so 0.11.6 engines and the default namespace see the usual payload.
   */
  static ObjectNode withNamespace(ObjectNode data, InitOptions options, Function<String, @Nullable String> env) {
    String ns = options.namespace();
    if (ns == null) {
      String fromEnv = env.apply("III_NAMESPACE");
      ns = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : null;
    }
    if (ns != null) {
      data.put("namespace", ns);
    }
    return data;
  }

  private static String projectName() {
    Path cwd = Path.of("").toAbsolutePath().getFileName();
    return cwd == null ? "unknown" : cwd.toString();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "localhost";
    }
  }
}
