package dev.iii.testkit.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.internal.tls.SelfSignedTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfSignedTlsTest {
  private static final int TIMEOUT_MILLIS = 10_000;

  private SSLServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void startEchoServer() throws IOException {
    server = (SSLServerSocket) SelfSignedTls.get().serverContext().getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "tls-echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stopEchoServer() throws Exception {
    server.close();
    acceptor.join(TIMEOUT_MILLIS);
  }

  @Test
  void theCertificateIsSelfSignedForLocalhostAndLoopbackAndValidNow() throws Exception {
    X509Certificate cert = SelfSignedTls.get().certificate();
    cert.checkValidity();
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    cert.verify(cert.getPublicKey());
    assertEquals("EC", cert.getPublicKey().getAlgorithm());
    assertEquals(3, cert.getVersion());
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
    Set<String> altNames = cert.getSubjectAlternativeNames().stream()
        .map(SelfSignedTlsTest::altName)
        .collect(Collectors.toSet());
    assertEquals(Set.of("dns:localhost", "ip:127.0.0.1"), altNames);
    assertSame(SelfSignedTls.get(), SelfSignedTls.get(), "one per JVM");
    assertTrue(SelfSignedTls.get().trustStore().isCertificateEntry("iii-test-engine"));
  }

  @Test
  void echoOverTlsVerifyingTheHostNameLocalhost() throws IOException {
    assertEchoes(SelfSignedTls.get().clientContext(), "localhost");
  }

  @Test
  void echoOverTlsVerifyingTheLoopbackAddress() throws IOException {
    assertEchoes(SelfSignedTls.get().clientContext(), "127.0.0.1");
  }

  @Test
  void aClientTrustingAnotherCertificateIsRefused() {
    SelfSignedTls other = SelfSignedTls.create();
    assertNotEquals(SelfSignedTls.get().certificate(), other.certificate());
    assertThrows(SSLHandshakeException.class, () -> assertEchoes(other.clientContext(), "localhost"));
  }

  @Test
  void aClientWithTheDefaultTrustStoreIsRefused() {
    assertThrows(SSLHandshakeException.class, () -> assertEchoes(SSLContext.getDefault(), "localhost"));
  }

  @Test
  void aHostNameNotInTheCertificateIsRefused() {
    assertThrows(SSLHandshakeException.class,
        () -> assertEchoes(SelfSignedTls.get().clientContext(), "iii.example"));
  }

  /** Dials 127.0.0.1 but runs TLS (SNI and host name check) as {@code hostName}. */
  private void assertEchoes(SSLContext client, String hostName) throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, hostName, server.getLocalPort(),
        true)) {
      tls.setSoTimeout(TIMEOUT_MILLIS);
      SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS"); // what an HTTPS/WSS client does
      tls.setSSLParameters(params);
      byte[] message = "hello over tls".getBytes(UTF_8);
      tls.getOutputStream().write(message);
      tls.getOutputStream().flush();
      assertArrayEquals(message, tls.getInputStream().readNBytes(message.length));
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> echo(s), "tls-echo-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void echo(Socket s) {
    byte[] buf = new byte[4096];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Refused handshakes end here; the client side asserts what happened.
    }
  }

  private static String altName(List<?> entry) {
    int type = (Integer) entry.get(0);
    String prefix = type == 2 ? "dns:" : type == 7 ? "ip:" : type + ":";
    return prefix + entry.get(1);
  }
}
