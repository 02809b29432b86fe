package dev.iii.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.FaultProxy.Mode;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of the real test engine, with a raw WebSocket client: the faults a worker will meet, seen
 * from the client side (the SDK's own reactions are tested in core).
 */
class FaultProxyWithTestEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestEngine engine;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private FaultProxy proxy;

  @BeforeAll
  static void startEngine() {
    engine = TestEngine.start();
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start("127.0.0.1", engine.port());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
    Await.condition(WAIT, () -> engine.workers().isEmpty(), () -> "the engine dropped every worker");
  }

  @Test
  void aWorkerConnectsThroughTheProxyAndACutEndsItOnBothSides() throws Exception {
    Client client = Client.connect(proxy.url("ws") + "/");
    assertTrue(client.firstText.get(WAIT.toSeconds(), TimeUnit.SECONDS).contains("\"workerregistered\""));
    assertEquals(1, engine.workers().size());

    proxy.cutAll();
    client.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the client sees its socket fail
    Await.condition(WAIT, () -> engine.workers().isEmpty(), () -> "the engine saw the worker go");
  }

  @Test
  void aSocketClosedMidUpgradeFailsTheHandshake() {
    proxy.closeAfterUpstreamBytes("HTTP/1.1 101".length());
    ExecutionException e = assertThrows(ExecutionException.class, () -> Client.connect(proxy.url("ws") + "/"));
    assertTrue(e.getCause() instanceof java.io.IOException, "an I/O failure, got " + e.getCause());
  }

  @Test
  void aResetDialFailsTheHandshake() {
    proxy.mode(Mode.RESET);
    assertThrows(ExecutionException.class, () -> Client.connect(proxy.url("ws") + "/"));
    assertEquals(0, engine.workers().size());
  }

  @Test
  void aBlackHoleLeavesTheHandshakeUnanswered() {
    proxy.mode(Mode.BLACK_HOLE);
    CompletableFuture<WebSocket> pending = Client.start(proxy.url("ws") + "/", new Client());
    assertThrows(TimeoutException.class, () -> pending.get(500, TimeUnit.MILLISECONDS));
    Await.condition(WAIT, () -> proxy.bytesDiscarded() > 0, () -> "the upgrade request swallowed");
    pending.cancel(true);
  }

  /** A raw WebSocket client remembering the first text frame and the end of the socket. */
  private static final class Client implements WebSocket.Listener {
    final CompletableFuture<String> firstText = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final StringBuilder buffer = new StringBuilder();

    static Client connect(String url) throws Exception {
      Client client = new Client();
      start(url, client).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return client;
    }

    static CompletableFuture<WebSocket> start(String url, Client client) {
      return HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url), client);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        firstText.complete(buffer.toString());
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(null);
    }
  }
}
