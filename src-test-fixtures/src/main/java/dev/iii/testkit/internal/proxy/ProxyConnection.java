package dev.iii.testkit.internal.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client socket and its socket to the target, joined by two {@link Pump}s. Ends in one of three
 * ways: both sides half-closed (then closed normally), {@link #closeGracefully()} (FIN to both), or
 * {@link #abort()} (RST to both). Whichever comes first wins; the others are no-ops.
 */
public final class ProxyConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String name;
  private final Socket client;
  private final Socket upstream = new Socket();
  private final ProxyThreads threads;
  private final Consumer<ProxyConnection> onClosed;
  private final List<Thread> ownThreads = new ArrayList<>();
  private boolean closed;
  private int halfClosed;

  public ProxyConnection(String name, Socket client, ProxyThreads threads, Consumer<ProxyConnection> onClosed) {
    this.name = name;
    this.client = client;
    this.threads = threads;
    this.onClosed = onClosed;
  }

  /** Connects to the target on a new thread, then starts pumping; a failed dial resets the client. */
  public void start(InetSocketAddress target, FaultState state, TrafficCounters counters) {
    spawn("connect", () -> {
      try {
        // Resolved at each dial (a fresh InetSocketAddress resolves), as a worker dialling a name would.
        InetSocketAddress resolved = target.isUnresolved()
            ? new InetSocketAddress(target.getHostString(), target.getPort())
            : target;
        upstream.connect(resolved, CONNECT_TIMEOUT_MILLIS);
        upstream.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        // The target is down: the client sees its dial fail (a reset), as close to "refused" as a proxy gets.
        LOG.debug("{}: cannot reach {}: {}", name, target, e.toString());
        abort();
        return;
      }
      Pump toTarget = new Pump(this, client, upstream, state, counters, -1);
      Pump toClient = new Pump(this, upstream, client, state, counters, state.closeAfterUpstreamBytes());
      spawn("client-read", toTarget::readLoop);
      spawn("target-write", toTarget::writeLoop);
      spawn("target-read", toClient::readLoop);
      spawn("client-write", toClient::writeLoop);
    });
  }

  private synchronized void spawn(String role, Runnable body) {
    if (!closed) {
      ownThreads.add(threads.start(name + "-" + role, body));
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Forwards a FIN; once both directions have, the connection is done. */
  void halfClose(Socket destination) {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        destination.shutdownOutput();
      } catch (IOException e) {
        LOG.debug("{}: half-close failed: {}", name, e.toString());
      }
      if (++halfClosed < 2) {
        return;
      }
    }
    closeGracefully();
  }

  /** Closes both sockets normally (FIN). */
  public void closeGracefully() {
    end(false);
  }

  /** Closes both sockets with a TCP RST: linger on with a zero timeout makes close() discard and reset. */
  public void abort() {
    end(true);
  }

  private void end(boolean reset) {
    List<Thread> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = List.copyOf(ownThreads);
    }
    close(client, reset);
    close(upstream, reset);
    // Writers may be parked on their queue or on the fault monitor; closing the sockets does not wake them.
    for (Thread t : toStop) {
      if (t != Thread.currentThread()) {
        t.interrupt();
      }
    }
    onClosed.accept(this);
  }

  private static void close(Socket socket, boolean reset) {
    if (reset) {
      try {
        socket.setSoLinger(true, 0);
      } catch (SocketException e) {
        // Already closed (or never connected): nothing to reset.
      }
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort; the socket is unusable either way.
    }
  }

  /** Resets a client socket that will never be proxied (reset mode, or the proxy is closing). */
  public static void reset(Socket socket) {
    close(socket, true);
  }

  @Override
  public String toString() {
    return name;
  }
}
