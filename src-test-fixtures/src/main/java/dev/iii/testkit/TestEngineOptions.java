package dev.iii.testkit;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Options of a {@link TestEngine}: where it listens. Immutable; build with {@link #newBuilder()}.
 * Defaults: host {@code 127.0.0.1}, port {@code 0} (an ephemeral port, see {@link TestEngine#port()}).
 */
public final class TestEngineOptions {
  private static final TestEngineOptions DEFAULT = new Builder().build();

  private final String host;
  private final int port;
  private final @Nullable SSLContext tls;
  // Time-based modules and named queues (cron, iii-queue; ENGINE §5.6, §8.2, §14.2).
  private final EngineClock clock;
  private final java.util.Map<String, QueueConfig> queues;
  // HTTP trigger module and HTTP-invoked functions (ENGINE §6, §10; internal/http).
  private final int httpPort;
  private final java.time.Duration httpDefaultTimeout;
  private final java.util.List<String> httpMiddleware;
  private final @Nullable HttpFunctionsSecurity httpFunctions;
  private final java.util.Map<String, String> environment;
  // Which engine release is imitated (PROTOCOL §10) and the 0.23 registration buffering grace.
  private final EngineVersion engineVersion;
  private final java.time.Duration registrationNamespaceGrace;

  private TestEngineOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.tls = b.tls;
    this.clock = b.clock;
    this.queues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.queues));
    this.httpPort = b.httpPort;
    this.httpDefaultTimeout = b.httpDefaultTimeout;
    this.httpMiddleware = java.util.List.copyOf(b.httpMiddleware);
    this.httpFunctions = b.httpFunctions;
    this.environment = b.environment;
    this.engineVersion = b.engineVersion;
    this.registrationNamespaceGrace = b.registrationNamespaceGrace;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static TestEngineOptions getDefaultInstance() {
    return DEFAULT;
  }

  public Builder toBuilder() {
    Builder b = new Builder().host(host).port(port).tls(tls).clock(clock);
    b.queues.putAll(queues);
    b.httpPort(httpPort).httpDefaultTimeout(httpDefaultTimeout).httpMiddleware(httpMiddleware)
        .httpFunctions(httpFunctions).environment(environment);
    b.engineVersion(engineVersion).registrationNamespaceGrace(registrationNamespaceGrace);
    return b;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The server TLS context, or null for plain {@code ws://}. */
  public @Nullable SSLContext tls() {
    return tls;
  }

  /** The clock of cron ticks and queue backoff; {@link EngineClock#system()} by default. */
  public EngineClock clock() {
    return clock;
  }

  /** The named function queues ({@code iii-queue.queue_configs}); none by default, as on the engine. */
  public java.util.Map<String, QueueConfig> queues() {
    return queues;
  }

  /** Port of the {@code http} trigger module (ENGINE §6), 0 (the default) for an ephemeral one. */
  public int httpPort() {
    return httpPort;
  }

  /** {@code iii-http.default_timeout}: the whole-request and per-middleware-call timeout (30 s by default). */
  public java.time.Duration httpDefaultTimeout() {
    return httpDefaultTimeout;
  }

  /** {@code iii-http.middleware}: global preHandler middleware function ids, run in this order. */
  public java.util.List<String> httpMiddleware() {
    return httpMiddleware;
  }

  /** Security of {@code iii-http-functions}, or null when the module is off (the engine's default). */
  public @Nullable HttpFunctionsSecurity httpFunctions() {
    return httpFunctions;
  }

  /** The environment the engine resolves HTTP-function auth variable names in ({@code System.getenv()}). */
  public java.util.Map<String, String> environment() {
    return environment;
  }

  /** The imitated engine release; {@link EngineVersion#V0_11_6} by default. */
  public EngineVersion engineVersion() {
    return engineVersion;
  }

  /**
   * 0.23 only: how long registrations are buffered waiting for {@code engine::workers::register} before they are
   * applied in {@code default} ({@code registration_namespace_grace_ms}, 5 s by default), on {@link #clock()}.
   */
  public java.time.Duration registrationNamespaceGrace() {
    return registrationNamespaceGrace;
  }

  @Override
  public String toString() {
    return "TestEngineOptions{host=" + host + ", port=" + port + (tls != null ? ", tls" : "")
        + ", engineVersion=" + engineVersion.label() + "}";
  }

  /** Builder of {@link TestEngineOptions}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private @Nullable SSLContext tls;
    private EngineClock clock = EngineClock.system();
    private final java.util.Map<String, QueueConfig> queues = new java.util.LinkedHashMap<>();
    private int httpPort = 0;
    private java.time.Duration httpDefaultTimeout = java.time.Duration.ofMillis(30_000);
    private java.util.List<String> httpMiddleware = java.util.List.of();
    private @Nullable HttpFunctionsSecurity httpFunctions;
    private java.util.Map<String, String> environment = System.getenv();
    private EngineVersion engineVersion = EngineVersion.V0_11_6;
    private java.time.Duration registrationNamespaceGrace = java.time.Duration.ofSeconds(5);

    private Builder() {}

    /** Imitates this engine release (PROTOCOL §10); {@link EngineVersion#V0_11_6} by default. */
    public Builder engineVersion(EngineVersion version) {
      this.engineVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /** 0.23 only: the grace before buffered registrations are applied in {@code default} (5 s by default). */
    public Builder registrationNamespaceGrace(java.time.Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("registrationNamespaceGrace must not be negative, got " + grace);
      }
      this.registrationNamespaceGrace = grace;
      return this;
    }

    /** Port of the {@code http} trigger module, 0 (the default) for an ephemeral one; see TestEngine#httpUrl(). */
    public Builder httpPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("httpPort must be between 0 and 65535, got " + port);
      }
      this.httpPort = port;
      return this;
    }

    /** Whole-request and per-middleware timeout of HTTP triggers, measured on {@link #clock(EngineClock)}. */
    public Builder httpDefaultTimeout(java.time.Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("httpDefaultTimeout must be positive, got " + timeout);
      }
      this.httpDefaultTimeout = timeout;
      return this;
    }

    /** Global HTTP middleware function ids ({@code iii-http.middleware}, phase preHandler), run in order. */
    public Builder httpMiddleware(java.util.List<String> functionIds) {
      this.httpMiddleware = java.util.List.copyOf(functionIds);
      return this;
    }

    /**
     * Enables {@code iii-http-functions} (off by default, as on the engine) with these URL rules, e.g.
     * {@link HttpFunctionsSecurity#defaults()} or {@link HttpFunctionsSecurity#localTesting()}; null turns it off.
     */
    public Builder httpFunctions(@Nullable HttpFunctionsSecurity security) {
      this.httpFunctions = security;
      return this;
    }

    /** Environment for HTTP-function auth ({@code token_key} etc. name variables in it); default System.getenv(). */
    public Builder environment(java.util.Map<String, String> environment) {
      this.environment = java.util.Map.copyOf(environment);
      return this;
    }

    /** Drives cron and queue backoff, e.g. {@code EngineClock.manual(start)} for fast, exact tests. */
    public Builder clock(EngineClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Configures a named function queue that {@code enqueue} actions can target (replaces one of that name). */
    public Builder queue(String name, QueueConfig config) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("queue name must not be empty");
      }
      queues.put(name, config);
      return this;
    }

    /** Port to bind, 0 for an ephemeral one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Interface to bind, e.g. {@code 127.0.0.1} (the default) or {@code 0.0.0.0}. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * Serves {@code wss://} with this server context (e.g. a self-signed certificate for tests); null (the
     * default) serves plain {@code ws://}. {@link TestEngine#url()} follows.
     */
    public Builder tls(@Nullable SSLContext serverContext) {
      this.tls = serverContext;
      return this;
    }

    public TestEngineOptions build() {
      return new TestEngineOptions(this);
    }
  }

  /**
   * The {@code security} block of {@code iii-http-functions} (ENGINE §10.1): host globs allowed (empty means
   * {@code *}), whether private/loopback addresses are refused, whether {@code https} is required.
   */
  public record HttpFunctionsSecurity(java.util.List<String> urlAllowlist, boolean blockPrivateIps,
      boolean requireHttps) {
    public HttpFunctionsSecurity {
      urlAllowlist = java.util.List.copyOf(urlAllowlist);
    }

    /** The module's defaults: any host, private addresses blocked, HTTPS required. */
    public static HttpFunctionsSecurity defaults() {
      return new HttpFunctionsSecurity(java.util.List.of("*"), true, true);
    }

    /** As the SDK test fixture: {@code localhost} and {@code 127.0.0.1} over plain http. */
    public static HttpFunctionsSecurity localTesting() {
      return new HttpFunctionsSecurity(java.util.List.of("localhost", "127.0.0.1"), false, false);
    }
  }
}
