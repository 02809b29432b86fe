package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.internal.ws.WsClient;
import dev.iii.sdk.internal.ws.WsSettings;
import dev.iii.sdk.internal.ws.WsUpgrade;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a worker's channel sockets connect: the engine base derived from the worker address, an optional
 * {@link SSLContext} for {@code wss}, and connection settings of their own — no idle timeout (a reader may wait
 * for a slow writer indefinitely), no keep-alive pings (the engine never reads a reader's socket, so a ping there
 * would go unanswered), and a 30-minute wait for the engine's answer to our Close (it answers a writer's Close only
 * once the reader has drained the channel).
 *
 * <p>The socket is the SDK's own WebSocket client ({@code internal.ws}): one stage per socket, binary data passed on
 * as it arrives, so no sub-stream is materialized per message as Pekko HTTP's message API does.
 */
final class ChannelEndpoint {
  /** The engine's message limit; text messages above it fail the socket. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  final ActorSystem system;
  private final String base;
  private final @Nullable SSLContext ssl;
  private final ClientConnectionSettings settings;
  /**
   * Cuts every socket of this worker's ends at once when the worker shuts down (an embedded worker leaves its
   * ActorSystem running, so nothing else would stop them); once aborted, new sockets fail at once.
   */
  private final SharedKillSwitch killSwitch = KillSwitches.shared("iii-channels");

  ChannelEndpoint(org.apache.pekko.actor.typed.ActorSystem<?> system, String workerUrl, @Nullable SSLContext ssl) {
    this.system = system.classicSystem();
    this.base = ChannelUrls.base(workerUrl);
    this.ssl = ssl;
    this.settings = ClientConnectionSettings.create(this.system)
        .withIdleTimeout(scala.concurrent.duration.Duration.Inf());
  }

  /** Aborts every open socket of this endpoint with {@code cause}; sockets opened later fail with it at once. */
  void abortAll(Throwable cause) {
    killSwitch.abort(cause);
  }

  String base() {
    return base;
  }

  /** The URL people may see (key hidden), e.g. in exception messages. */
  String redactedUrl(ChannelRef ref, ChannelRef.Direction end) {
    return ChannelUrls.redacted(base, ref.channelId(), end.wire());
  }

  /**
   * One socket to the engine for the given end: messages both ways (binary data passed on as it arrives, text
   * whole), the upgrade's outcome as the materialized value, and the watch told of the engine's Close frame (if one
   * arrives) so the end can tell a clean end from a broken one. Every socket of this endpoint is cut by
   * {@link #abortAll}.
   */
  Flow<ChannelMessage, ChannelMessage, CompletionStage<WsUpgrade>> socket(
      ChannelRef ref, ChannelRef.Direction end, CloseFrameWatch watch) {
    String url = ChannelUrls.url(base, ref.channelId(), ref.accessKey(), end.wire());
    return Flow.<ChannelMessage>create()
        .via(killSwitch.flow())
        .viaMat(WsClient.connect(system, url, Map.of(), ssl, settings,
            WsSettings.channel(MAX_MESSAGE_BYTES, OutboundFrames.TEXT_FRAME), watch::closeFrame), Keep.right())
        .via(killSwitch.flow());
  }
}
