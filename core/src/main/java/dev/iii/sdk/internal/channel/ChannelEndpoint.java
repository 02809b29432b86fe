package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.internal.ws.ClientTls;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.StreamSubscriptionTimeoutTerminationMode;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a worker's channel sockets connect: the engine base derived from the worker address, an optional
 * {@link SSLContext} for {@code wss}, and connection settings of their own — no idle timeout (a reader may wait
 * for a slow writer indefinitely), no keep-alive pings (the engine never reads a reader's socket, so a ping there
 * would go unanswered).
 *
 * <p>The socket is Pekko's WebSocket client layer over TLS (or plain) over Pekko's TCP transport, assembled here
 * rather than with {@code Http.webSocketClientFlow} so that a {@link CloseFrameWatch} can sit under the WebSocket
 * layer.
 */
final class ChannelEndpoint {
  /** The engine's message limit; Pekko does not limit streamed messages, text messages are capped by us. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  /**
   * How long we wait for the engine to answer our Close before dropping the connection (Pekko's own is a fixed
   * 3 s, see {@link #clientLayer}). A dead engine is noticed at once anyway (the connection ends); this only bounds
   * an engine that stays connected but never finishes reading.
   */
  static final scala.concurrent.duration.FiniteDuration CLOSE_TIMEOUT =
      scala.concurrent.duration.FiniteDuration.create(30, java.util.concurrent.TimeUnit.MINUTES);

  final ActorSystem system;
  private final String base;
  private final @Nullable SSLContext ssl;
  private final ClientConnectionSettings settings;
  private final LoggingAdapter pekkoLog;
  /**
   * Cuts every socket of this worker's ends at once when the worker shuts down (an embedded worker leaves its
   * ActorSystem running, so nothing else would stop them); once aborted, new sockets fail at once.
   */
  private final SharedKillSwitch killSwitch = KillSwitches.shared("iii-channels");

  ChannelEndpoint(org.apache.pekko.actor.typed.ActorSystem<?> system, String workerUrl, @Nullable SSLContext ssl) {
    this.system = system.classicSystem();
    this.base = ChannelUrls.base(workerUrl);
    this.ssl = ssl;
    ClientConnectionSettings defaults = ClientConnectionSettings.create(this.system);
    this.settings = defaults
        .withIdleTimeout(scala.concurrent.duration.Duration.Inf())
        .withWebsocketSettings(defaults.getWebsocketSettings()
            .withPeriodicKeepAliveMaxIdle(scala.concurrent.duration.Duration.Inf()));
    this.pekkoLog = Logging.getLogger(this.system, ChannelEndpoint.class);
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
   * One socket to the engine for the given end. The flow's materialized value is the upgrade response; the watch
   * learns whether the engine's Close frame arrived.
   */
  Flow<Message, Message, CompletionStage<WebSocketUpgradeResponse>> socket(
      ChannelRef ref, ChannelRef.Direction end, CloseFrameWatch watch) {
    String url = ChannelUrls.url(base, ref.channelId(), ref.accessKey(), end.wire());
    URI uri = URI.create(url);
    String host = uri.getHost();
    boolean secure = "wss".equals(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    BidiFlow<Message, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, Message,
        CompletionStage<WebSocketUpgradeResponse>> layer = clientLayer(WebSocketRequest.create(url));
    BidiFlow<TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound,
        TLSProtocol.SslTlsInbound, NotUsed> watching = BidiFlow.fromFlows(
        Flow.<TLSProtocol.SslTlsOutbound>create().via(killSwitch.flow()),
        Flow.<TLSProtocol.SslTlsInbound>create().via(killSwitch.flow()).map(in -> {
          if (in instanceof TLSProtocol.SessionBytes sb) {
            watch.accept(sb.bytes());
          }
          return in;
        }));
    Flow<ByteString, ByteString, ?> transport = settings.getTransport().connectTo(host, port, settings, system);
    return layer.atop(watching, Keep.left()).atop(ClientTls.layer(secure, ssl, host, port), Keep.left()).join(transport, Keep.left())
        // Pekko hands a message whose frames span several reads over as a streamed message whose data source must
        // be subscribed within 5 s (the default subscription timeout), or the connection fails. A consumer that is
        // slow for longer than that is legitimate here: backpressure, not an error.
        .addAttributes(ActorAttributes.streamSubscriptionTimeout(java.time.Duration.ofSeconds(5),
            StreamSubscriptionTimeoutTerminationMode.noop()));
  }

  /**
   * Pekko's WebSocket client layer, assembled from its parts exactly as {@code Http.webSocketClientLayer} does,
   * except for the close timeout. Why: Pekko gives the peer a fixed 3 s to answer our Close, then drops the
   * connection. A writer sends Close right after its last frame, and the engine answers only once it has read
   * everything before it, which takes as long as the reader needs to drain a full channel. With 3 s a slow reader
   * made a complete transfer look failed. The parts are Pekko HTTP internals (public in bytecode), pinned to the
   * version in the parent pom; {@code ChannelEndsTest} and {@code SlowReaderTest} cover this path.
   */
  private BidiFlow<Message, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, Message,
      CompletionStage<WebSocketUpgradeResponse>> clientLayer(WebSocketRequest request) {
    org.apache.pekko.http.scaladsl.settings.ClientConnectionSettings s =
        (org.apache.pekko.http.scaladsl.settings.ClientConnectionSettings) settings;
    var blueprint = org.apache.pekko.http.impl.engine.ws.WebSocketClientBlueprint$.MODULE$;
    var ws = org.apache.pekko.http.impl.engine.ws.WebSocket$.MODULE$;
    org.apache.pekko.stream.scaladsl.BidiFlow<TLSProtocol.SslTlsInbound, ByteString, ByteString,
        TLSProtocol.SendBytes, scala.concurrent.Future<org.apache.pekko.http.scaladsl.model.ws.WebSocketUpgradeResponse>>
        lower = blueprint.simpleTls().atopMat(blueprint.handshake(request.asScala(), s, pekkoLog),
            org.apache.pekko.stream.scaladsl.Keep.right());
    org.apache.pekko.stream.scaladsl.BidiFlow<org.apache.pekko.http.scaladsl.model.ws.Message,
        TLSProtocol.SendBytes, TLSProtocol.SslTlsInbound, org.apache.pekko.http.scaladsl.model.ws.Message,
        scala.concurrent.Future<org.apache.pekko.http.scaladsl.model.ws.WebSocketUpgradeResponse>> scalaLayer =
        lower.atop(ws.framing())
            .atop(ws.stack(false, s.websocketSettings(), CLOSE_TIMEOUT, pekkoLog))
            .reversed();
    BidiFlow<Message, org.apache.pekko.http.scaladsl.model.ws.Message, org.apache.pekko.http.scaladsl.model.ws.Message,
        Message, NotUsed> toScala = BidiFlow.fromFlows(
            Flow.<Message>create().map(Message::asScala),
            Flow.<org.apache.pekko.http.scaladsl.model.ws.Message>create().map(Message::adapt));
    @SuppressWarnings({"unchecked", "rawtypes"})
    BidiFlow<org.apache.pekko.http.scaladsl.model.ws.Message, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound,
        org.apache.pekko.http.scaladsl.model.ws.Message,
        scala.concurrent.Future<org.apache.pekko.http.scaladsl.model.ws.WebSocketUpgradeResponse>> javaLayer =
        (BidiFlow) scalaLayer.asJava(); // SendBytes is an SslTlsOutbound: widening is safe
    return toScala.atop(javaLayer, (nu, f) -> scala.jdk.javaapi.FutureConverters.asJava(f)
        .thenApply(WebSocketUpgradeResponse::adapt));
  }
}
