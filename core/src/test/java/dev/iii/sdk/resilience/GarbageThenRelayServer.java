package dev.iii.sdk.resilience;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP server for tests: answers the first {@code garbageCount} connections with bytes that are not an HTTP
 * response (a garbled upgrade), then relays later connections byte for byte to the engine.
 */
final class GarbageThenRelayServer implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final AtomicInteger garbageLeft;
  final AtomicInteger garbageServed = new AtomicInteger();

  GarbageThenRelayServer(int targetPort, int garbageCount) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.garbageLeft = new AtomicInteger(garbageCount);
    Thread t = new Thread(this::acceptLoop, "garbage-server");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "ws://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        if (garbageLeft.getAndDecrement() > 0) {
          daemon(() -> answerGarbage(s));
        } else {
          Socket up = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          daemon(() -> pump(s, up));
          daemon(() -> pump(up, s));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void answerGarbage(Socket s) {
    try (s) {
      s.getInputStream().read(new byte[4096]); // the start of the upgrade request
      s.getOutputStream().write("SSH-2.0-garbage\r\n\u0000\u0001\u0002 not http at all\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      garbageServed.incrementAndGet();
      s.getInputStream().read(new byte[4096]); // hold until the client gives up
    } catch (IOException ignored) {
      // the client hung up: expected
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "garbage-server-conn");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
