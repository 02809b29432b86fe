package dev.iii.testkit.internal.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * TLS for a test engine on loopback: a self-signed certificate for {@code localhost} and {@code 127.0.0.1}
 * (made once per JVM, on first use), a server {@link SSLContext} holding its key, and a client
 * {@link SSLContext} that trusts exactly that certificate and nothing else — so a test using it proves the
 * worker really verifies the server, and a client with the default trust store is refused.
 *
 * <p>To serve {@code wss://} with Pekko HTTP:
 * <pre>{@code
 * Http.get(system).newServerAt(host, port).enableHttps(SelfSignedTls.get().httpsServerContext()).bind(handler)
 * }</pre>
 * and give workers {@link #clientContext()}.
 */
public final class SelfSignedTls {
  /** Long enough for any test run; short so that a leaked key is worthless soon. */
  private static final Duration VALIDITY = Duration.ofDays(7);
  private static final char[] KEY_PASSWORD = "iii-test-engine".toCharArray();
  private static final String ALIAS = "iii-test-engine";

  private final X509Certificate certificate;
  private final SSLContext serverContext;
  private final SSLContext clientContext;
  private final KeyStore trustStore;

  private SelfSignedTls(SelfSignedCertificate made) throws GeneralSecurityException, IOException {
    this.certificate = made.certificate;

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(ALIAS, made.keyPair.getPrivate(), KEY_PASSWORD, new Certificate[] {certificate});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, KEY_PASSWORD);
    this.serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    this.trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry(ALIAS, certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    this.clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);
  }

  /** The JVM's one instance, made on first call (a few milliseconds). */
  public static SelfSignedTls get() {
    return Holder.INSTANCE;
  }

  /** A fresh instance with its own key and certificate (for a test that needs a certificate no one trusts). */
  public static SelfSignedTls create() {
    try {
      return new SelfSignedTls(SelfSignedCertificate.create(VALIDITY));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed certificate with this JDK's providers", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory key store does not do I/O; kept for the signature
    }
  }

  /** The certificate, for {@code localhost} and IP {@code 127.0.0.1}. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** For the server: presents the certificate. */
  public SSLContext serverContext() {
    return serverContext;
  }

  /** For clients: trusts exactly this certificate (host names still checked: use localhost or 127.0.0.1). */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** A key store holding only the certificate, as a trusted entry (for clients configured by trust store). */
  public KeyStore trustStore() {
    return trustStore;
  }

  /** The Pekko HTTP server context: pass to {@code ServerBuilder.enableHttps(...)}. */
  public HttpsConnectionContext httpsServerContext() {
    return ConnectionContext.httpsServer(serverContext);
  }

  /** Lazy, thread-safe, once per class loader. */
  private static final class Holder {
    static final SelfSignedTls INSTANCE = create();
  }
}
