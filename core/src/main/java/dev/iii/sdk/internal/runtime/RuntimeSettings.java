package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.InitOptions;
import dev.iii.sdk.ReconnectionConfig;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every tunable of one worker, resolved once: {@link InitOptions} → {@code iii { … }} of the configuration
 * (application.conf, then reference.conf) → environment for the address.
 */
record RuntimeSettings(
    Duration invocationTimeout,
    Duration connectTimeout,
    Duration shutdownGrace,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration idleTimeout,
    ReconnectionConfig reconnection,
    int controlBuffer,
    int repliesBuffer,
    int callsBuffer,
    int disconnectedBuffer,
    long maxMessageSize,
    int outboundChunkSize,
    int handlerPoolSize,
    int invocationShards) {

  static RuntimeSettings resolve(InitOptions o, Config root) {
    Config c = root.getConfig("iii");
    ReconnectionConfig rc = o.reconnection();
    if (rc == null) {
      Config r = c.getConfig("reconnection");
      rc =
          ReconnectionConfig.newBuilder()
              .initialDelay(r.getDuration("initial-delay"))
              .maxDelay(r.getDuration("max-delay"))
              .multiplier(r.getDouble("multiplier"))
              .jitter(r.getDouble("jitter"))
              .maxRetries(r.getInt("max-retries"))
              .build();
    }
    return new RuntimeSettings(
        or(o.invocationTimeout(), c.getDuration("invocation-timeout")),
        or(o.connectTimeout(), c.getDuration("connect-timeout")),
        or(o.shutdownGrace(), c.getDuration("shutdown-grace")),
        c.getDuration("handshake-timeout"),
        or(o.pingInterval(), c.getDuration("keep-alive.ping-interval")),
        or(o.idleTimeout(), c.getDuration("keep-alive.idle-timeout")),
        rc,
        c.getInt("lanes.control-buffer"),
        c.getInt("lanes.replies-buffer"),
        c.getInt("lanes.calls-buffer"),
        c.getInt("lanes.disconnected-buffer"),
        c.getBytes("max-message-size"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("outbound-chunk-size")),
        o.handlerPoolSize() != null ? o.handlerPoolSize() : c.getInt("handler-pool-size"),
        Math.max(1, c.getInt("invocation-shards")));
  }

  /**
   * The worker address when none is passed: {@code iii.url} from the configuration if set, else {@code III_URL}.
   *
   * @throws IllegalArgumentException when neither is set
   */
  static String resolveUrl(Config root, Function<String, @Nullable String> env) {
    String fromConfig = root.hasPath("iii.url") ? root.getString("iii.url").trim() : "";
    if (!fromConfig.isEmpty()) {
      return fromConfig;
    }
    String fromEnv = env.apply("III_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    throw new IllegalArgumentException(
        "no worker address: pass one to III.registerWorker, or set iii.url in application.conf or III_URL");
  }

  private static <T> T or(@Nullable T v, T fallback) {
    return v != null ? v : fallback;
  }
}
