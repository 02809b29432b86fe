package dev.iii.sdk;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry settings of a worker (PROTOCOL §9.2): the fields of the seed's {@code OtelConfig} with the same
 * defaults. Immutable; build with {@link #newBuilder()}. Fields left unset take their environment variable when the
 * worker starts (through {@link Builder#fillFromEnvironment(Function)}, which the SDK calls with its injectable
 * environment), else the default:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>environment variable</th><th>default</th></tr>
 *   <tr><td>enabled</td><td>{@code OTEL_ENABLED} ({@code false|0|no|off} disable)</td><td>true</td></tr>
 *   <tr><td>serviceName</td><td>{@code OTEL_SERVICE_NAME}</td><td>{@code iii-java-sdk}</td></tr>
 *   <tr><td>serviceVersion</td><td>{@code SERVICE_VERSION}</td><td>{@code unknown}</td></tr>
 *   <tr><td>serviceNamespace</td><td>{@code SERVICE_NAMESPACE}</td><td>none</td></tr>
 *   <tr><td>serviceInstanceId</td><td>{@code SERVICE_INSTANCE_ID}</td><td>a random UUID per worker</td></tr>
 *   <tr><td>engineWsUrl</td><td>—</td><td>the worker address + {@code /otel}</td></tr>
 *   <tr><td>metricsEnabled</td><td>{@code OTEL_METRICS_ENABLED}</td><td>true</td></tr>
 *   <tr><td>metricsExportInterval</td><td>—</td><td>60 s</td></tr>
 *   <tr><td>logsEnabled</td><td>—</td><td>true</td></tr>
 *   <tr><td>logsFlushInterval</td><td>{@code OTEL_LOGS_FLUSH_INTERVAL_MS}</td><td>100 ms</td></tr>
 *   <tr><td>logsBatchSize</td><td>{@code OTEL_LOGS_BATCH_SIZE}</td><td>1</td></tr>
 *   <tr><td>fetchInstrumentationEnabled</td><td>—</td><td>true</td></tr>
 *   <tr><td>enableMetricsReporting</td><td>—</td><td>true</td></tr>
 *   <tr><td>reconnection</td><td>—</td><td>{@link ReconnectionConfig} defaults</td></tr>
 * </table>
 *
 * <p>{@code engineWsUrl} deliberately does not read {@code III_URL} (unlike the Python seed): a worker connected to a
 * remote engine must not send its telemetry to another address.
 *
 * <p>{@code fetchInstrumentationEnabled} maps the seed's urllib/fetch patching to the SDK's traced
 * {@code java.net.http.HttpClient}, {@link III#httpClient()}: when on, requests sent through it get a CLIENT span and
 * W3C headers. Nothing global is patched (a library must not): other clients are not traced.
 *
 * <p>Pass it with {@link InitOptions.Builder#otel(OtelConfig)}; {@code OTEL_ENABLED=false} in the environment turns a
 * worker's telemetry off entirely (no SDK, no {@code /otel} socket, no spans on the invocation path).
 */
public final class OtelConfig {
  public static final String DEFAULT_SERVICE_NAME = "iii-java-sdk";
  public static final String DEFAULT_SERVICE_VERSION = "unknown";
  public static final Duration DEFAULT_METRICS_EXPORT_INTERVAL = Duration.ofMillis(60_000);
  public static final Duration DEFAULT_LOGS_FLUSH_INTERVAL = Duration.ofMillis(100);
  public static final int DEFAULT_LOGS_BATCH_SIZE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(OtelConfig.class);
  private static final OtelConfig DEFAULT = newBuilder().build();

  private final @Nullable Boolean enabled;
  private final @Nullable String serviceName;
  private final @Nullable String serviceVersion;
  private final @Nullable String serviceNamespace;
  private final @Nullable String serviceInstanceId;
  private final @Nullable String engineWsUrl;
  private final @Nullable Boolean metricsEnabled;
  private final Duration metricsExportInterval;
  private final boolean logsEnabled;
  private final @Nullable Duration logsFlushInterval;
  private final @Nullable Integer logsBatchSize;
  private final boolean fetchInstrumentationEnabled;
  private final boolean enableMetricsReporting;
  private final ReconnectionConfig reconnection;

  private OtelConfig(Builder b) {
    this.enabled = b.enabled;
    this.serviceName = b.serviceName;
    this.serviceVersion = b.serviceVersion;
    this.serviceNamespace = b.serviceNamespace;
    this.serviceInstanceId = b.serviceInstanceId;
    this.engineWsUrl = b.engineWsUrl;
    this.metricsEnabled = b.metricsEnabled;
    this.metricsExportInterval = b.metricsExportInterval;
    this.logsEnabled = b.logsEnabled;
    this.logsFlushInterval = b.logsFlushInterval;
    this.logsBatchSize = b.logsBatchSize;
    this.fetchInstrumentationEnabled = b.fetchInstrumentationEnabled;
    this.enableMetricsReporting = b.enableMetricsReporting;
    this.reconnection = b.reconnection;
  }

  public static OtelConfig getDefaultInstance() {
    return DEFAULT;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A config with every field taken from the environment (or its default), read only through {@code env}. */
  public static OtelConfig fromEnvironment(Function<String, @Nullable String> env) {
    return newBuilder().fillFromEnvironment(env).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.serviceName = serviceName;
    b.serviceVersion = serviceVersion;
    b.serviceNamespace = serviceNamespace;
    b.serviceInstanceId = serviceInstanceId;
    b.engineWsUrl = engineWsUrl;
    b.metricsEnabled = metricsEnabled;
    b.metricsExportInterval = metricsExportInterval;
    b.logsEnabled = logsEnabled;
    b.logsFlushInterval = logsFlushInterval;
    b.logsBatchSize = logsBatchSize;
    b.fetchInstrumentationEnabled = fetchInstrumentationEnabled;
    b.enableMetricsReporting = enableMetricsReporting;
    b.reconnection = reconnection;
    return b;
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  public String serviceName() {
    return serviceName != null ? serviceName : DEFAULT_SERVICE_NAME;
  }

  public String serviceVersion() {
    return serviceVersion != null ? serviceVersion : DEFAULT_SERVICE_VERSION;
  }

  public @Nullable String serviceNamespace() {
    return serviceNamespace;
  }

  /** Null means: a random UUID chosen for each worker when its telemetry starts. */
  public @Nullable String serviceInstanceId() {
    return serviceInstanceId;
  }

  /** Null means: derived from the worker address (scheme + authority + base path, then {@code /otel}). */
  public @Nullable String engineWsUrl() {
    return engineWsUrl;
  }

  public boolean isMetricsEnabled() {
    return metricsEnabled == null || metricsEnabled;
  }

  public Duration metricsExportInterval() {
    return metricsExportInterval;
  }

  public boolean isLogsEnabled() {
    return logsEnabled;
  }

  public Duration logsFlushInterval() {
    return logsFlushInterval != null ? logsFlushInterval : DEFAULT_LOGS_FLUSH_INTERVAL;
  }

  public int logsBatchSize() {
    return logsBatchSize != null ? logsBatchSize : DEFAULT_LOGS_BATCH_SIZE;
  }

  public boolean isFetchInstrumentationEnabled() {
    return fetchInstrumentationEnabled;
  }

  /** Whether the worker gauges of PROTOCOL §9.3 are reported (needs metrics enabled too). */
  public boolean isEnableMetricsReporting() {
    return enableMetricsReporting;
  }

  /** The reconnect backoff of the {@code /otel} socket. */
  public ReconnectionConfig reconnection() {
    return reconnection;
  }

  @Override
  public String toString() {
    return "OtelConfig{enabled=" + isEnabled() + ", serviceName=" + serviceName() + ", serviceVersion="
        + serviceVersion() + ", serviceNamespace=" + serviceNamespace + ", serviceInstanceId=" + serviceInstanceId
        + ", engineWsUrl=" + engineWsUrl + ", metricsEnabled=" + isMetricsEnabled() + ", metricsExportInterval="
        + metricsExportInterval + ", logsEnabled=" + logsEnabled + ", logsFlushInterval=" + logsFlushInterval()
        + ", logsBatchSize=" + logsBatchSize() + ", fetchInstrumentationEnabled=" + fetchInstrumentationEnabled
        + ", enableMetricsReporting=" + enableMetricsReporting + ", reconnection=" + reconnection + "}";
  }

  public static final class Builder {
    private @Nullable Boolean enabled;
    private @Nullable String serviceName;
    private @Nullable String serviceVersion;
    private @Nullable String serviceNamespace;
    private @Nullable String serviceInstanceId;
    private @Nullable String engineWsUrl;
    private @Nullable Boolean metricsEnabled;
    private Duration metricsExportInterval = DEFAULT_METRICS_EXPORT_INTERVAL;
    private boolean logsEnabled = true;
    private @Nullable Duration logsFlushInterval;
    private @Nullable Integer logsBatchSize;
    private boolean fetchInstrumentationEnabled = true;
    private boolean enableMetricsReporting = true;
    private ReconnectionConfig reconnection = ReconnectionConfig.getDefaultInstance();

    private Builder() {}

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder serviceName(String serviceName) {
      this.serviceName = requireNotBlank(serviceName, "serviceName");
      return this;
    }

    public Builder serviceVersion(String serviceVersion) {
      this.serviceVersion = requireNotBlank(serviceVersion, "serviceVersion");
      return this;
    }

    public Builder serviceNamespace(@Nullable String serviceNamespace) {
      this.serviceNamespace = serviceNamespace;
      return this;
    }

    public Builder serviceInstanceId(@Nullable String serviceInstanceId) {
      this.serviceInstanceId = serviceInstanceId;
      return this;
    }

    /** An explicit telemetry socket URL ({@code ws://…} or {@code wss://…}), used as given. */
    public Builder engineWsUrl(@Nullable String engineWsUrl) {
      if (engineWsUrl != null && !(engineWsUrl.startsWith("ws://") || engineWsUrl.startsWith("wss://"))) {
        throw new IllegalArgumentException("engineWsUrl must start with ws:// or wss://, got " + engineWsUrl);
      }
      this.engineWsUrl = engineWsUrl;
      return this;
    }

    public Builder metricsEnabled(boolean metricsEnabled) {
      this.metricsEnabled = metricsEnabled;
      return this;
    }

    public Builder metricsExportInterval(Duration interval) {
      this.metricsExportInterval = requirePositive(interval, "metricsExportInterval");
      return this;
    }

    public Builder logsEnabled(boolean logsEnabled) {
      this.logsEnabled = logsEnabled;
      return this;
    }

    public Builder logsFlushInterval(Duration interval) {
      Objects.requireNonNull(interval, "logsFlushInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("logsFlushInterval must not be negative, got " + interval);
      }
      this.logsFlushInterval = interval;
      return this;
    }

    public Builder logsBatchSize(int logsBatchSize) {
      if (logsBatchSize < 1) {
        throw new IllegalArgumentException("logsBatchSize must be >= 1, got " + logsBatchSize);
      }
      this.logsBatchSize = logsBatchSize;
      return this;
    }

    public Builder fetchInstrumentationEnabled(boolean enabled) {
      this.fetchInstrumentationEnabled = enabled;
      return this;
    }

    public Builder enableMetricsReporting(boolean enabled) {
      this.enableMetricsReporting = enabled;
      return this;
    }

    public Builder reconnection(ReconnectionConfig reconnection) {
      this.reconnection = Objects.requireNonNull(reconnection, "reconnection");
      return this;
    }

    /**
     * Fills every field not set explicitly from its environment variable (see the class table), read only through
     * {@code env}. An unparsable value is ignored with a warning, as the seed ignores it (falling back to the
     * default), but never silently.
     */
    public Builder fillFromEnvironment(Function<String, @Nullable String> env) {
      Objects.requireNonNull(env, "env");
      if (enabled == null) {
        String v = env.apply("OTEL_ENABLED");
        if (v != null && !v.isBlank()) {
          enabled = !isDisabling(v);
        }
      }
      if (serviceName == null) {
        serviceName = nonBlank(env.apply("OTEL_SERVICE_NAME"));
      }
      if (serviceVersion == null) {
        serviceVersion = nonBlank(env.apply("SERVICE_VERSION"));
      }
      if (serviceNamespace == null) {
        serviceNamespace = nonBlank(env.apply("SERVICE_NAMESPACE"));
      }
      if (serviceInstanceId == null) {
        serviceInstanceId = nonBlank(env.apply("SERVICE_INSTANCE_ID"));
      }
      if (metricsEnabled == null) {
        String v = env.apply("OTEL_METRICS_ENABLED");
        if (v != null && !v.isBlank()) {
          metricsEnabled = !isDisabling(v);
        }
      }
      if (logsFlushInterval == null) {
        Long ms = parseLong(env, "OTEL_LOGS_FLUSH_INTERVAL_MS", 0);
        if (ms != null) {
          logsFlushInterval = Duration.ofMillis(ms);
        }
      }
      if (logsBatchSize == null) {
        Long n = parseLong(env, "OTEL_LOGS_BATCH_SIZE", 1);
        if (n != null && n <= Integer.MAX_VALUE) {
          logsBatchSize = n.intValue();
        }
      }
      return this;
    }

    public OtelConfig build() {
      return new OtelConfig(this);
    }

    private static boolean isDisabling(String v) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      return s.equals("false") || s.equals("0") || s.equals("no") || s.equals("off");
    }

    private static @Nullable String nonBlank(@Nullable String v) {
      return v == null || v.isBlank() ? null : v;
    }

    private static @Nullable Long parseLong(Function<String, @Nullable String> env, String name, long minimum) {
      String raw = env.apply(name);
      if (raw == null || raw.isBlank()) {
        return null;
      }
      try {
        long v = Long.parseLong(raw.trim());
        if (v >= minimum) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      LOG.warn("ignoring {}={}: expected an integer >= {}; using the default", name, raw, minimum);
      return null;
    }

    private static String requireNotBlank(String v, String name) {
      Objects.requireNonNull(v, name);
      if (v.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return v;
    }

    private static Duration requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
