package dev.iii.testkit.internal.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The proxy's listening socket on 127.0.0.1 and its accept thread. It can be unbound and bound again on the same
 * port: while unbound, dials are refused by the kernel (ECONNREFUSED), exactly like an engine that is down.
 */
public final class ProxyListener {
  private static final long JOIN_TIMEOUT_MILLIS = 5_000;

  private final ProxyThreads threads;
  private final Consumer<Socket> onAccepted;
  private int port;
  private ServerSocket server;
  private Thread acceptThread;

  /** Binds at once; {@code port} 0 picks a free port. */
  public ProxyListener(int port, ProxyThreads threads, Consumer<Socket> onAccepted) {
    this.threads = threads;
    this.onAccepted = onAccepted;
    this.port = port;
    bind();
  }

  public synchronized int port() {
    return port;
  }

  public synchronized boolean isBound() {
    return server != null;
  }

  /** Binds again on the same port (no-op when bound). */
  public synchronized void bind() {
    if (server != null) {
      return;
    }
    ServerSocket s = null;
    try {
      s = new ServerSocket();
      // Sockets of earlier connections may sit in TIME_WAIT on this port; they must not stop a re-bind.
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (IOException e) {
      closeQuietly(s);
      throw new UncheckedIOException("fault proxy cannot listen on 127.0.0.1:" + port, e);
    }
    server = s;
    port = s.getLocalPort();
    ServerSocket accepting = s;
    acceptThread = threads.start(port + "-accept", () -> acceptLoop(accepting));
  }

  /** Stops listening; dials to the port are refused until {@link #bind()}. No-op when unbound. */
  public synchronized void unbind() {
    if (server == null) {
      return;
    }
    closeQuietly(server);
    server = null;
    // The JDK defers the real close of a socket until a thread blocked in accept() on it has left: until then the
    // kernel still completes dials. Waiting for the accept thread makes "refused" true on return.
    try {
      acceptThread.join(JOIN_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (acceptThread.isAlive()) {
      throw new IllegalStateException("the fault proxy's accept thread did not stop within "
          + JOIN_TIMEOUT_MILLIS + " ms");
    }
    acceptThread = null;
  }

  private void acceptLoop(ServerSocket s) {
    while (true) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // unbound or closed
      }
      onAccepted.accept(client);
    }
  }

  private static void closeQuietly(ServerSocket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Best effort: a listener that fails to close is unusable anyway.
      }
    }
  }
}
