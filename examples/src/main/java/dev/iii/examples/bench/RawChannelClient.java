package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A bare WebSocket client for the two ends of a channel (PROTOCOL §6.3), no SDK: the channel floor. Two
 * transports, as for the invocation floor: {@code java.net.http} ({@link RawChannelSocket#CLIENT}) and Pekko HTTP
 * ({@link PekkoChannelClient}), the Java SDK's own transport, so the gap to the SDK is the SDK's own cost.
 */
interface RawChannelClient {

  /** Connects the read end; the stage completes with the binary bytes received once the engine closed it. */
  CompletableFuture<Long> read(String url, Duration timeout) throws Exception;

  /** Connects the write end, writes {@code total} bytes in frames of {@code chunkBytes}, closes, waits for the engine. */
  void write(String url, long total, int chunkBytes, Duration timeout) throws Exception;

  /**
   * {@code <scheme>://<authority><base path>/ws/channels/<id>?key=<key>&dir=<dir>}: the worker address's scheme,
   * authority and path, without its query (DESIGN §5).
   */
  static String channelUrl(String engineUrl, JsonNode ref, String dir) {
    URI base = URI.create(engineUrl);
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return base.getScheme() + "://" + base.getRawAuthority() + path + "/ws/channels/"
        + URLEncoder.encode(ref.path("channel_id").asText(), StandardCharsets.UTF_8)
        + "?key=" + URLEncoder.encode(ref.path("access_key").asText(), StandardCharsets.UTF_8) + "&dir=" + dir;
  }
}
