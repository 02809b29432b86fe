package dev.iii.sdk.internal.ws;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.IgnoreComplete$;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The TLS layer of a client socket (or Pekko's placebo for {@code ws://}): the user's {@link SSLContext} or the
 * JVM default, client mode, and HTTPS host name verification (the host and port also give SNI). Completing the
 * plaintext side does not close the session, so a WebSocket Close can still be answered.
 */
final class ClientTls {
  private ClientTls() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> layer(
      boolean secure, @Nullable SSLContext ssl, String host, int port) {
    if (!secure) {
      // SessionBytes is an SslTlsInbound: widening the inbound element type is safe.
      return (BidiFlow) TLSPlacebo.getInstance();
    }
    SSLContext context = ssl != null ? ssl : defaultContext();
    return TLS.create(() -> {
      SSLEngine engine = context.createSSLEngine(host, port);
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(params);
      return engine;
    }, IgnoreComplete$.MODULE$);
  }

  /** The same layer with plain bytes on the application side (what a byte-level protocol stage wants). */
  static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> bytes(
      boolean secure, @Nullable SSLContext ssl, String host, int port) {
    BidiFlow<ByteString, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, ByteString, NotUsed> unwrap =
        BidiFlow.fromFunctions(
            bytes -> new TLSProtocol.SendBytes(bytes),
            in -> in instanceof TLSProtocol.SessionBytes sb ? sb.bytes() : ByteString.emptyByteString());
    return unwrap.atop(layer(secure, ssl, host, port));
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default SSLContext for wss sockets", e);
    }
  }
}
