package dev.iii.sdk.internal.ws;

import java.time.Duration;

/**
 * How one socket treats what does not fit the common case.
 *
 * @param maxTextBytes the largest inbound text message
 * @param fragmentBytes outbound text above this goes out as several frames (binary messages are sent as given)
 * @param passBinary inbound binary data is passed on as it arrives (channels) rather than dropped (control)
 * @param oversizedTextFails an inbound text message above the limit fails the socket (channels) rather than being
 *     dropped with a log line (control)
 * @param closeTimeout how long our Close may wait for the engine's before the connection is dropped
 */
public record WsSettings(
    long maxTextBytes, int fragmentBytes, boolean passBinary, boolean oversizedTextFails, Duration closeTimeout) {

  /** The control connection: protocol messages only, oversized ones dropped, a quick close. */
  public static WsSettings control(long maxTextBytes, int fragmentBytes) {
    return new WsSettings(maxTextBytes, fragmentBytes, false, false, Duration.ofSeconds(5));
  }

  /**
   * A channel: binary data passed on, an oversized text message is an error, and a long close timeout (the engine
   * answers a writer's Close only once the reader has drained the channel, which takes as long as the reader needs).
   */
  public static WsSettings channel(long maxTextBytes, int fragmentBytes) {
    return new WsSettings(maxTextBytes, fragmentBytes, true, true, Duration.ofMinutes(30));
  }
}
