package dev.iii.sdk.internal.ws;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletionStage;
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
   * with {@code headers}, and then carries text messages both ways. The materialized stage completes with the
   * engine's 101 answer, or fails with a {@link WsUpgradeException} or the connect failure.
   *
   * @param settings the TCP transport and its connecting timeout (Pekko HTTP's client settings)
   * @param maxMessageBytes inbound messages above this are dropped (and logged), the connection carries on
   * @param fragmentBytes outbound messages above this go out as several frames
   */
  public static Flow<String, String, CompletionStage<WsUpgrade>> connect(
      ActorSystem system,
      String url,
      Map<String, String> headers,
      @Nullable SSLContext ssl,
      ClientConnectionSettings settings,
      long maxMessageBytes,
      int fragmentBytes) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + url);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    boolean secure = scheme.equals("wss");
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    WsHandshake handshake = new WsHandshake(uri, headers, SEEDS);
    BidiFlow<String, ByteString, ByteString, String, CompletionStage<WsUpgrade>> protocol =
        BidiFlow.fromGraph(new WsClientStage(handshake, new WsFrames(SEEDS.nextLong()), maxMessageBytes, fragmentBytes));
    Flow<ByteString, ByteString, ?> transport = settings.getTransport().connectTo(uri.getHost(), port, settings, system);
    return protocol
        .atop(ClientTls.bytes(secure, ssl, uri.getHost(), port), Keep.left())
        .join(transport, Keep.left());
  }
}
