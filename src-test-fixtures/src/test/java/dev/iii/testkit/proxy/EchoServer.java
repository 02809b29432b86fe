package dev.iii.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A blocking TCP echo server on 127.0.0.1 that counts what it saw; the target of the proxy in these tests. */
final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final Thread acceptor;

  EchoServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long bytesReceived() {
    return bytesReceived.get();
  }

  int acceptedConnections() {
    return accepted.get();
  }

  /** Connections that ended (EOF or error) on the server side. */
  int endedConnections() {
    return ended.get();
  }

  /** Sends bytes unasked to every open connection (what an engine pushing a frame looks like). */
  void push(byte[] bytes) throws IOException {
    for (Socket s : sockets) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
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
      accepted.incrementAndGet();
      sockets.add(s);
      Thread t = new Thread(() -> echo(s), "echo-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void echo(Socket s) {
    byte[] buf = new byte[8192];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        bytesReceived.addAndGet(n);
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // A reset from the proxy is one of the things under test; it ends the connection like EOF does.
    } finally {
      sockets.remove(s);
      ended.incrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
