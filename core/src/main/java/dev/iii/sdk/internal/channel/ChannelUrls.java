package dev.iii.sdk.internal.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Channel URLs (PROTOCOL §1.2 recommendation): scheme + authority (+ base path) of the worker address, without its
 * query or fragment, then {@code /ws/channels/{id}?key=<url-encoded key>&dir=read|write}.
 */
final class ChannelUrls {
  private ChannelUrls() {}

  /** The engine base of a worker address: {@code ws://h:p/base}, no trailing slash, no query. */
  static String base(String workerUrl) {
    URI u;
    try {
      u = new URI(workerUrl.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid worker address \"" + workerUrl + "\": " + e.getMessage(), e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String wsScheme = switch (scheme) {
      case "ws", "http" -> "ws";
      case "wss", "https" -> "wss";
      default -> throw new IllegalArgumentException(
          "worker address \"" + workerUrl + "\" must start with ws:// or wss://");
    };
    if (u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
      throw new IllegalArgumentException("worker address \"" + workerUrl + "\" has no host");
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return wsScheme + "://" + u.getRawAuthority() + path;
  }

  /** The real URL, with the key: hand it only to the connection, never to a log line or a message. */
  static String url(String base, String channelId, String accessKey, String dir) {
    return prefix(base, channelId) + "?key=" + URLEncoder.encode(accessKey, StandardCharsets.UTF_8) + "&dir=" + dir;
  }

  /** The URL as people may see it: {@code key=***}. */
  static String redacted(String base, String channelId, String dir) {
    return prefix(base, channelId) + "?key=***&dir=" + dir;
  }

  private static String prefix(String base, String channelId) {
    // The id is a UUID in practice; encoding keeps any other value inside its path segment.
    return base + "/ws/channels/" + URLEncoder.encode(channelId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
