package dev.iii.testkit.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.internal.tls.SelfSignedTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server context in a real Pekko HTTP server, as the test engine will use it: HTTPS and WSS. */
class PekkoHttpsServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static ActorSystem system;
  private static ServerBinding binding;

  @BeforeAll
  static void startServer() throws Exception {
    system = ActorSystem.create("tls-test");
    binding = Http.get(system).newServerAt("127.0.0.1", 0)
        .enableHttps(SelfSignedTls.get().httpsServerContext())
        .bindSync(PekkoHttpsServerTest::handle)
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopServer() throws Exception {
    binding.terminate(TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse handle(
      org.apache.pekko.http.javadsl.model.HttpRequest request) {
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isPresent()) {
      return upgrade.get().handleMessagesWith(Flow.<Message>create()); // echo
    }
    request.discardEntityBytes(system);
    return org.apache.pekko.http.javadsl.model.HttpResponse.create().withEntity("hello over https");
  }

  private static int port() {
    return binding.localAddress().getPort();
  }

  private static HttpClient trustingClient() {
    return HttpClient.newBuilder()
        .sslContext(SelfSignedTls.get().clientContext())
        .connectTimeout(TIMEOUT)
        .build();
  }

  @Test
  void httpsAnswersAClientThatTrustsTheCertificate() throws Exception {
    HttpResponse<String> response = trustingClient().send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("hello over https", response.body());
    assertTrue(response.sslSession().isPresent());
  }

  @Test
  void aClientWithTheDefaultTrustStoreIsRefused() {
    HttpClient defaultClient = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    IOException e = assertThrows(IOException.class, () -> defaultClient.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()));
    assertTrue(causedBy(e, SSLHandshakeException.class), "a failed handshake, got " + e);
  }

  @Test
  void wssEchoes() throws Exception {
    assertEquals("ping", wssRoundTrip("wss://127.0.0.1:" + port() + "/", "ping"));
  }

  @Test
  void wssGoesThroughTheFaultProxyUnchanged() throws Exception {
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", port())) {
      assertEquals("through the proxy", wssRoundTrip(proxy.url("wss") + "/", "through the proxy"));
      assertTrue(proxy.bytesForwarded() > 0);
    }
  }

  private static String wssRoundTrip(String url, String text) throws Exception {
    CompletableFuture<String> received = new CompletableFuture<>();
    WebSocket ws = trustingClient().newWebSocketBuilder()
        .connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new WebSocket.Listener() {
          private final StringBuilder buffer = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
              received.complete(buffer.toString());
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            received.completeExceptionally(error);
          }
        })
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    try {
      ws.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return received.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      ws.abort();
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
