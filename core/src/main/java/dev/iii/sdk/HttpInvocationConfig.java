package dev.iii.sdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A function the <b>engine</b> executes by calling an HTTP endpoint (PROTOCOL §8.2), registered with
 * {@link III#registerFunction(String, HttpInvocationConfig)}: the URL, the method ({@code POST} by default), an optional
 * timeout (engine default 30 s), extra headers and optional {@link HttpAuth}. This worker never runs it.
 *
 * <p>The engine needs its {@code iii-http-functions} module for this and, by default, refuses plain {@code http://}
 * and private addresses; refusals are silent (calls then get {@code function_not_found}).
 */
public final class HttpInvocationConfig {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final String url;
  private final String method;
  private final @Nullable Duration timeout;
  private final Map<String, String> headers;
  private final @Nullable HttpAuth auth;

  private HttpInvocationConfig(Builder b) {
    this.url = b.url;
    this.method = b.method;
    this.timeout = b.timeout;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.auth = b.auth;
  }

  public static Builder newBuilder(String url) {
    return new Builder(url);
  }

  /** {@code POST} to {@code url}, engine-default timeout, no headers, no auth. */
  public static HttpInvocationConfig of(String url) {
    return newBuilder(url).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(url).method(method).timeout(timeout).headers(headers);
    return b.auth(auth);
  }

  public String url() {
    return url;
  }

  /** Upper case: one of GET, POST, PUT, PATCH, DELETE. */
  public String method() {
    return method;
  }

  public @Nullable Duration timeout() {
    return timeout;
  }

  /** Extra request headers (never null; may be empty). */
  public Map<String, String> headers() {
    return headers;
  }

  public @Nullable HttpAuth auth() {
    return auth;
  }

  @Override
  public String toString() {
    // Header values may hold tokens a user put there by mistake: only the names are shown.
    return "HttpInvocationConfig{" + method + " " + url + (timeout != null ? ", timeout=" + timeout : "")
        + ", headers=" + headers.keySet() + (auth != null ? ", auth=" + auth : "") + "}";
  }

  public static final class Builder {
    private final String url;
    private String method = "POST";
    private @Nullable Duration timeout;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable HttpAuth auth;

    private Builder(String url) {
      this.url = validateUrl(url);
    }

    /** Case-insensitive; GET, POST, PUT, PATCH or DELETE (sent upper case). */
    public Builder method(String method) {
      Objects.requireNonNull(method, "method");
      String m = method.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(m)) {
        throw new IllegalArgumentException("HTTP method must be one of " + METHODS + ", got '" + method + "'");
      }
      this.method = m;
      return this;
    }

    /** Null = the engine's default (30 s). Sent in whole milliseconds; at least 1 ms. */
    public Builder timeout(@Nullable Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.toMillis() < 1)) {
        throw new IllegalArgumentException("timeout must be at least 1ms, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder header(String name, String value) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("header name is required");
      }
      headers.put(name, Objects.requireNonNull(value, "value of header " + name));
      return this;
    }

    /** Adds every entry (keeps the ones already set). */
    public Builder headers(Map<String, String> headers) {
      Objects.requireNonNull(headers, "headers").forEach(this::header);
      return this;
    }

    public Builder auth(@Nullable HttpAuth auth) {
      this.auth = auth;
      return this;
    }

    public HttpInvocationConfig build() {
      return new HttpInvocationConfig(this);
    }

    private static String validateUrl(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("url is required");
      }
      try {
        URI uri = new URI(url.trim());
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || uri.getHost() == null) {
          throw new IllegalArgumentException("url must be an absolute http:// or https:// URL, got '" + url + "'");
        }
        return url.trim();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("url is not a valid URL: '" + url + "': " + e.getMessage(), e);
      }
    }
  }
}
