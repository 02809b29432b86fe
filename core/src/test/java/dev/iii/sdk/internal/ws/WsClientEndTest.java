package dev.iii.sdk.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.iii.sdk.ChannelMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end of a socket never loses what was read before it: a peer that sends its last data and its Close in one
 * write and then drops the TCP connection at once (a channel's engine side does nearly that) must still have every
 * byte delivered to a reader that has not taken them yet.
 */
class WsClientEndTest {
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("ws-client-end-test");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Serves one upgrade, then writes {@code frames} frames of {@code size} bytes and a Close, and closes the socket. */
  private static Thread serveOnce(ServerSocket server, int frames, int size) {
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          head.write(in.read());
        }
        String key = head.toString(StandardCharsets.ISO_8859_1).lines()
            .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
            .findFirst().orElseThrow().substring(18).trim();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < frames; i++) {
          out.write(0x82); // FIN + binary
          out.write(126);
          out.write(size >>> 8);
          out.write(size & 0xFF);
          out.writeBytes(new byte[size]);
        }
        out.writeBytes(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // Close 1000
        OutputStream o = s.getOutputStream();
        o.write(out.toByteArray());
        o.flush();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "one-shot-ws-server");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void everyByteReadBeforeTheEndReachesASlowReader() throws Exception {
    int frames = 40;
    int size = 1000;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      serveOnce(server, frames, size);
      String url = "ws://127.0.0.1:" + server.getLocalPort() + "/ws/channels/x?dir=read";
      long bytes = Source.<ChannelMessage>maybe()
          .via(WsClient.connect(system, url, Map.of(), null, ClientConnectionSettings.create(system),
              WsSettings.channel(1 << 20, 1 << 20), code -> {}))
          .throttle(1, Duration.ofMillis(10)) // slower than the peer: the tail is still queued when it hangs up
          .runWith(Sink.fold(0L, (n, m) -> n + ((ChannelMessage.Binary) m).data().size()),
              Materializer.matFromSystem(system))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals((long) frames * size, bytes);
    }
  }
}
