package dev.iii.sdk.internal.telemetry;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/** The {@code /otel} socket URL (PROTOCOL §1.2 recommendation, DESIGN §3 Telemetry). */
final class OtelUrls {
  private OtelUrls() {}

  /**
   * {@code override} as given when set; otherwise scheme + authority + base path of the worker address with
   * {@code /otel} appended (not twice), its query and fragment dropped (they belong to the control connection).
   */
  static String otelUrl(@Nullable String override, String workerUrl) {
    if (override != null) {
      return override;
    }
    URI uri;
    try {
      uri = new URI(workerUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid worker address: " + workerUrl, e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.getRawAuthority() == null
        || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
      throw new IllegalArgumentException("worker address must be ws://host[:port][/path] or wss://…, got "
          + workerUrl);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.endsWith("/otel")) {
      path = path + "/otel";
    }
    return scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority() + path;
  }
}
