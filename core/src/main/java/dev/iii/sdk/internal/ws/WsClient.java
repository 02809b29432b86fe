package dev.iii.sdk.internal.ws;

import dev.iii.sdk.ChannelMessage;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;

/** Opens client WebSockets whose messages are plain strings (see the package documentation for why). */
public final class WsClient {
  private static final SecureRandom SEEDS = new SecureRandom();

  private WsClient() {}

  /**
   * A flow that, once materialized, connects to {@code url} ({@code ws://} or {@code wss://}), sends the upgrade
   * with {@code headers}, and then carries messages both ways as {@code settings} say. The materialized stage
   * completes with the engine's 101 answer, or fails with a {@link WsUpgradeException} (with the HTTP status) or
   * the connect failure. The message side completes normally only after the engine's Close frame; a connection that
   * just ends fails it.
   *
   * @param transport the TCP transport and its connecting timeout (Pekko HTTP's client settings)
   * @param onCloseFrame told the status code of the engine's Close frame when it arrives (1005 when it has none)
   */
  public static Flow<ChannelMessage, ChannelMessage, CompletionStage<WsUpgrade>> connect(
      ActorSystem system,
      String url,
      Map<String, String> headers,
      @Nullable SSLContext ssl,
      ClientConnectionSettings transport,
      WsSettings settings,
      IntConsumer onCloseFrame) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      // The URL itself is not repeated: a channel URL carries its access key.
      throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): scheme '" + scheme + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in the " + scheme + ":// URL");
    }
    boolean secure = scheme.equals("wss");
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    WsHandshake handshake = new WsHandshake(uri, headers, SEEDS);
    BidiFlow<ChannelMessage, ByteString, ByteString, ChannelMessage, CompletionStage<WsUpgrade>> protocol =
        BidiFlow.fromGraph(new WsClientStage(handshake, new WsFrames(SEEDS.nextLong()), settings, onCloseFrame));
    Flow<ByteString, ByteString, ?> tcp = transport.getTransport().connectTo(uri.getHost(), port, transport, system);
    return protocol
        .atop(ClientTls.bytes(secure, ssl, uri.getHost(), port), Keep.left())
        .join(tcp, Keep.left());
  }

  /** The control connection's view: text messages as strings (binary data is dropped by its settings). */
  public static Flow<String, String, CompletionStage<WsUpgrade>> connectText(
      ActorSystem system,
      String url,
      Map<String, String> headers,
      @Nullable SSLContext ssl,
      ClientConnectionSettings transport,
      WsSettings settings) {
    return Flow.<String>create()
        .<ChannelMessage>map(ChannelMessage::text)
        .viaMat(connect(system, url, headers, ssl, transport, settings, code -> {}), Keep.right())
        .collectType(ChannelMessage.Text.class)
        .map(ChannelMessage.Text::text);
  }
}
