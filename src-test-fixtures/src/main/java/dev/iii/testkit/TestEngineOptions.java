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

  private TestEngineOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.tls = b.tls;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static TestEngineOptions getDefaultInstance() {
    return DEFAULT;
  }

  public Builder toBuilder() {
    return new Builder().host(host).port(port).tls(tls);
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

  @Override
  public String toString() {
    return "TestEngineOptions{host=" + host + ", port=" + port + (tls != null ? ", tls" : "") + "}";
  }

  /** Builder of {@link TestEngineOptions}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private @Nullable SSLContext tls;

    private Builder() {}

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
}
