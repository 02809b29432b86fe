package dev.iii.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Options of one worker. Unset values fall back to {@code iii { … }} in {@code application.conf}, then to the
 * environment, then to {@code reference.conf} (DESIGN §3 "Configuration").
 *
 * <ul>
 *   <li>{@code workerName}: the {@code name} in the worker metadata; default {@code hostname:pid} (and
 *       {@code hostname:pid:N} for a process's N-th worker); when unset, {@code III_WORKER_NAME} if set.
 *   <li>{@code namespace}: the worker's namespace on 0.23 engines (sent as {@code namespace} in the worker
 *       metadata); default {@code III_NAMESPACE}, else none (the engine's default namespace). 0.11.6 ignores it.
 *   <li>{@code headers}: sent as raw HTTP headers on the control socket's upgrade request.
 *   <li>{@code invocationTimeout}: default timeout of calls that wait for an answer (30 s).
 *   <li>{@code connectTimeout}: how long {@link III#registerWorker} waits for CONNECTED (30 s).
 *   <li>{@code shutdownGrace}: how long shutdown lets running handlers finish (5 s).
 *   <li>{@code handlerExecutor}: where handlers run. Default: virtual threads on Java 21+, else a bounded pool of
 *       {@code handlerPoolSize} threads (default 256) with no queue: when every thread is busy, a new invocation is
 *       answered at once with {@link ErrorCodes#HANDLER_POOL_EXHAUSTED} — so a same-worker nested call chain deeper
 *       than the pool fails with that error instead of hanging.
 *   <li>{@code callbackExecutor}: where user-visible futures complete and listeners run (default: the common pool).
 *   <li>{@code payloadMapper}: Jackson mapper for typed payloads (default: JSR-310, JDK 8, parameter names, unknown
 *       properties ignored). A mapper you supply should also ignore unknown properties: the engine adds
 *       {@code _caller_worker_id} to every object payload a worker sends.
 *   <li>{@code pingInterval}/{@code idleTimeout}: protocol ping period (20 s) and inbound idle limit (60 s).
 *   <li>{@code otel}: the worker's OpenTelemetry settings ({@link OtelConfig}); fields left unset are read from the
 *       environment ({@code OTEL_ENABLED}, {@code OTEL_SERVICE_NAME}, …) when the worker starts. Default: everything
 *       from the environment, telemetry on. Each worker builds its own OpenTelemetry SDK, never registered globally.
 *   <li>{@code openTelemetry}: your own {@link OpenTelemetry} instead: spans, logs and worker gauges go to its
 *       providers and exporters, and the SDK opens no {@code /otel} socket and never shuts it down. Still switched off
 *       by {@code otel} resolving to disabled (e.g. {@code OTEL_ENABLED=false}).
 *   <li>{@code enableMetricsReporting}: whether the worker gauges of PROTOCOL §9.3 (heap, RSS, CPU, uptime with
 *       {@code worker.id}) are reported (default true; also off when {@code otel} disables metrics or reporting).
 * </ul>
 */
public final class InitOptions {
  private static final InitOptions DEFAULT = newBuilder().build();

  private final @Nullable String workerName;
  private final @Nullable String namespace;
  private final Map<String, String> headers;
  private final @Nullable Supplier<Map<String, String>> headersSupplier;
  private final @Nullable Duration invocationTimeout;
  private final @Nullable ReconnectionConfig reconnection;
  private final TelemetryOptions telemetry;
  private final @Nullable Duration connectTimeout;
  private final @Nullable Duration shutdownGrace;
  private final @Nullable Executor handlerExecutor;
  private final @Nullable Executor callbackExecutor;
  private final @Nullable ObjectMapper payloadMapper;
  private final @Nullable SSLContext sslContext;
  private final @Nullable Integer handlerPoolSize;
  private final @Nullable Duration pingInterval;
  private final @Nullable Duration idleTimeout;
  private final @Nullable OtelConfig otel;
  private final @Nullable OpenTelemetry openTelemetry;
  private final boolean enableMetricsReporting;

  private InitOptions(Builder b) {
    this.workerName = b.workerName;
    this.namespace = b.namespace;
    this.headers = Map.copyOf(b.headers);
    this.headersSupplier = b.headersSupplier;
    this.invocationTimeout = b.invocationTimeout;
    this.reconnection = b.reconnection;
    this.telemetry = b.telemetry;
    this.connectTimeout = b.connectTimeout;
    this.shutdownGrace = b.shutdownGrace;
    this.handlerExecutor = b.handlerExecutor;
    this.callbackExecutor = b.callbackExecutor;
    this.payloadMapper = b.payloadMapper;
    this.sslContext = b.sslContext;
    this.handlerPoolSize = b.handlerPoolSize;
    this.pingInterval = b.pingInterval;
    this.idleTimeout = b.idleTimeout;
    this.otel = b.otel;
    this.openTelemetry = b.openTelemetry;
    this.enableMetricsReporting = b.enableMetricsReporting;
  }

  public static InitOptions getDefaultInstance() {
    return DEFAULT;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.workerName = workerName;
    b.namespace = namespace;
    b.headers.putAll(headers);
    b.headersSupplier = headersSupplier;
    b.invocationTimeout = invocationTimeout;
    b.reconnection = reconnection;
    b.telemetry = telemetry;
    b.connectTimeout = connectTimeout;
    b.shutdownGrace = shutdownGrace;
    b.handlerExecutor = handlerExecutor;
    b.callbackExecutor = callbackExecutor;
    b.payloadMapper = payloadMapper;
    b.sslContext = sslContext;
    b.handlerPoolSize = handlerPoolSize;
    b.pingInterval = pingInterval;
    b.idleTimeout = idleTimeout;
    b.otel = otel;
    b.openTelemetry = openTelemetry;
    b.enableMetricsReporting = enableMetricsReporting;
    return b;
  }

  public @Nullable String workerName() {
    return workerName;
  }

  /** The worker's 0.23 namespace, if set here (the runtime falls back to {@code III_NAMESPACE}). */
  public @Nullable String namespace() {
    return namespace;
  }

  /** The fixed upgrade headers (empty when they come from a supplier, see {@link #headersSupplier()}). */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Where the upgrade headers of each connection attempt come from: the supplier given to
   * {@link Builder#headers(Supplier)}, called again before every (re)connect so expiring tokens can be refreshed, or
   * the fixed {@link #headers()}. The supplier's result is checked on every call; a bad result or an exception
   * fails that attempt (and the reconnect loop tries again), it never sends a half-built request.
   */
  public Supplier<Map<String, String>> headersSupplier() {
    Supplier<Map<String, String>> s = headersSupplier;
    if (s == null) {
      return () -> headers;
    }
    return () -> {
      Map<String, String> h = s.get();
      if (h == null) {
        throw new IllegalStateException("the headers supplier returned null");
      }
      checkHeaders(h);
      return Map.copyOf(h);
    };
  }

  private static void checkHeaders(Map<String, String> headers) {
    headers.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException("header names must be non-blank and values non-null: " + k);
          }
        });
  }

  public @Nullable Duration invocationTimeout() {
    return invocationTimeout;
  }

  public @Nullable ReconnectionConfig reconnection() {
    return reconnection;
  }

  public TelemetryOptions telemetry() {
    return telemetry;
  }

  public @Nullable Duration connectTimeout() {
    return connectTimeout;
  }

  public @Nullable Duration shutdownGrace() {
    return shutdownGrace;
  }

  public @Nullable Executor handlerExecutor() {
    return handlerExecutor;
  }

  public @Nullable Executor callbackExecutor() {
    return callbackExecutor;
  }

  public @Nullable ObjectMapper payloadMapper() {
    return payloadMapper;
  }

  public @Nullable SSLContext sslContext() {
    return sslContext;
  }

  public @Nullable Integer handlerPoolSize() {
    return handlerPoolSize;
  }

  public @Nullable Duration pingInterval() {
    return pingInterval;
  }

  public @Nullable Duration idleTimeout() {
    return idleTimeout;
  }

  /** The OpenTelemetry settings given, or null: {@link OtelConfig#getDefaultInstance()} filled from the environment. */
  public @Nullable OtelConfig otel() {
    return otel;
  }

  public @Nullable OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public boolean enableMetricsReporting() {
    return enableMetricsReporting;
  }

  public static final class Builder {
    private @Nullable String workerName;
    private @Nullable String namespace;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Supplier<Map<String, String>> headersSupplier;
    private @Nullable Duration invocationTimeout;
    private @Nullable ReconnectionConfig reconnection;
    private TelemetryOptions telemetry = TelemetryOptions.getDefaultInstance();
    private @Nullable Duration connectTimeout;
    private @Nullable Duration shutdownGrace;
    private @Nullable Executor handlerExecutor;
    private @Nullable Executor callbackExecutor;
    private @Nullable ObjectMapper payloadMapper;
    private @Nullable SSLContext sslContext;
    private @Nullable Integer handlerPoolSize;
    private @Nullable Duration pingInterval;
    private @Nullable Duration idleTimeout;
    private @Nullable OtelConfig otel;
    private @Nullable OpenTelemetry openTelemetry;
    private boolean enableMetricsReporting = true;

    private Builder() {}

    public Builder workerName(@Nullable String name) {
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("workerName must not be blank");
      }
      this.workerName = name;
      return this;
    }

    /** The worker's namespace on 0.23 engines; {@code null} means {@code III_NAMESPACE} or none. Not blank. */
    public Builder namespace(@Nullable String namespace) {
      if (namespace != null && namespace.isBlank()) {
        throw new IllegalArgumentException("namespace must not be blank");
      }
      this.namespace = namespace;
      return this;
    }

    /** Replaces the upgrade headers. */
    public Builder headers(Map<String, String> headers) {
      Objects.requireNonNull(headers, "headers");
      checkHeaders(headers);
      this.headers.clear();
      this.headers.putAll(headers);
      this.headersSupplier = null;
      return this;
    }

    /**
     * Upgrade headers computed anew before every connection attempt (e.g. a bearer token that expires): replaces
     * fixed headers. Called on an SDK thread, so it should be quick; an exception fails that attempt only.
     */
    public Builder headers(Supplier<Map<String, String>> supplier) {
      this.headersSupplier = Objects.requireNonNull(supplier, "supplier");
      this.headers.clear();
      return this;
    }

    public Builder invocationTimeout(Duration d) {
      this.invocationTimeout = positive(d, "invocationTimeout");
      return this;
    }

    public Builder reconnection(ReconnectionConfig config) {
      this.reconnection = Objects.requireNonNull(config, "reconnection");
      return this;
    }

    public Builder telemetry(TelemetryOptions telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder shutdownGrace(Duration d) {
      Objects.requireNonNull(d, "shutdownGrace");
      if (d.isNegative()) {
        throw new IllegalArgumentException("shutdownGrace must not be negative, got " + d);
      }
      this.shutdownGrace = d;
      return this;
    }

    public Builder handlerExecutor(Executor e) {
      this.handlerExecutor = Objects.requireNonNull(e, "handlerExecutor");
      return this;
    }

    public Builder callbackExecutor(Executor e) {
      this.callbackExecutor = Objects.requireNonNull(e, "callbackExecutor");
      return this;
    }

    public Builder payloadMapper(ObjectMapper mapper) {
      this.payloadMapper = Objects.requireNonNull(mapper, "payloadMapper");
      return this;
    }

    public Builder sslContext(SSLContext ctx) {
      this.sslContext = Objects.requireNonNull(ctx, "sslContext");
      return this;
    }

    /** Size of the default bounded handler pool used when threads are not virtual (Java 17–20). */
    public Builder handlerPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("handlerPoolSize must be >= 1, got " + size);
      }
      this.handlerPoolSize = size;
      return this;
    }

    /** How often the control socket sends a protocol {@code ping}. */
    public Builder pingInterval(Duration d) {
      this.pingInterval = positive(d, "pingInterval");
      return this;
    }

    /** How long without any inbound frame before the connection is treated as dead and re-established. */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = positive(d, "idleTimeout");
      return this;
    }

    /** OpenTelemetry settings; unset fields still come from the environment. */
    public Builder otel(OtelConfig otel) {
      this.otel = Objects.requireNonNull(otel, "otel");
      return this;
    }

    /** Use this OpenTelemetry (yours) instead of building one per worker. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** Whether the worker gauges (PROTOCOL §9.3) are reported; default true. */
    public Builder enableMetricsReporting(boolean enabled) {
      this.enableMetricsReporting = enabled;
      return this;
    }

    public InitOptions build() {
      return new InitOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
