package dev.iii.testkit;

import dev.iii.testkit.internal.proxy.FaultState;
import dev.iii.testkit.internal.proxy.ProxyConnection;
import dev.iii.testkit.internal.proxy.ProxyListener;
import dev.iii.testkit.internal.proxy.ProxyThreads;
import dev.iii.testkit.internal.proxy.TrafficCounters;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy that injects network faults between a worker and an engine, for tests. It listens on 127.0.0.1 and
 * forwards every connection to a target; {@link #mode(Mode)} switches what happens to the bytes, at any time and
 * for live connections too.
 *
 * <pre>{@code
 * try (TestEngine engine = TestEngine.start();
 *      FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
 *   // connect a worker to proxy.url("ws") ...
 *   proxy.mode(FaultProxy.Mode.BLACK_HOLE);   // the worker's idle timeout should fire
 *   proxy.mode(FaultProxy.Mode.PASS);         // and it should reconnect
 * }
 * }</pre>
 *
 * It knows nothing of TLS or WebSockets, so {@code wss://} goes through it unchanged. Thread-safe. Its threads
 * are named {@code iii-fault-proxy-*}; {@link #close()} ends all of them before returning.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final InetSocketAddress target;
  private final FaultState state = new FaultState();
  private final ProxyThreads threads = new ProxyThreads("iii-fault-proxy");
  private final Set<ProxyConnection> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final TrafficCounters traffic = new TrafficCounters();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ProxyListener listener;

  private FaultProxy(InetSocketAddress target, int listenPort) {
    this.target = target;
    this.listener = new ProxyListener(listenPort, threads, this::accept);
  }

  /** Starts a proxy on a free port of 127.0.0.1, forwarding to {@code targetHost:targetPort}, in mode PASS. */
  public static FaultProxy start(String targetHost, int targetPort) {
    return start(targetHost, targetPort, 0);
  }

  /**
   * Starts a proxy on {@code listenPort} of 127.0.0.1 (0 for a free one), forwarding to
   * {@code targetHost:targetPort}, in mode PASS.
   *
   * @throws java.io.UncheckedIOException if it cannot listen (e.g. the port is taken)
   */
  public static FaultProxy start(String targetHost, int targetPort, int listenPort) {
    Objects.requireNonNull(targetHost, "targetHost");
    checkPort("targetPort", targetPort, 1);
    checkPort("listenPort", listenPort, 0);
    // Unresolved on purpose: the name is looked up at each dial, as a worker would.
    return new FaultProxy(InetSocketAddress.createUnresolved(targetHost, targetPort), listenPort);
  }

  private static void checkPort(String what, int port, int min) {
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(what + " must be in " + min + "..65535, got " + port);
    }
  }

  /** The port the proxy listens on (the same one across {@link #refuseNewConnections(boolean)}). */
  public int port() {
    return listener.port();
  }

  /** The proxy's address with a scheme, e.g. {@code url("ws")} is {@code ws://127.0.0.1:<port>}. */
  public String url(String scheme) {
    if (scheme == null || !scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      throw new IllegalArgumentException("not a URL scheme: " + scheme);
    }
    return scheme + "://127.0.0.1:" + port();
  }

  /** The current mode. */
  public Mode mode() {
    return state.mode();
  }

  /**
   * Switches the mode, for live connections and new ones. Switching to {@link Mode#RESET} resets every live
   * connection before returning.
   */
  public FaultProxy mode(Mode mode) {
    Objects.requireNonNull(mode, "mode");
    requireOpen();
    state.mode(mode);
    if (mode.kind() == Mode.Kind.RESET) {
      cutAll();
    }
    return this;
  }

  /**
   * With {@code true}, stops listening: dials to {@link #port()} are refused (ECONNREFUSED), like an engine that is
   * down, while live connections carry on (a dial still waiting in the accept backlog is reset by the kernel).
   * With {@code false}, listens on the same port again.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound again (something else took it)
   */
  public FaultProxy refuseNewConnections(boolean refuse) {
    requireOpen();
    if (refuse) {
      listener.unbind();
    } else {
      listener.bind();
    }
    return this;
  }

  /** Resets (TCP RST) every live connection once; new connections are accepted as the mode says. */
  public FaultProxy cutAll() {
    for (ProxyConnection c : List.copyOf(live)) {
      c.abort();
    }
    return this;
  }

  /**
   * Connections accepted from now on are closed (FIN both ways) as soon as {@code n} bytes from the target have
   * reached the client, e.g. in the middle of the engine's HTTP upgrade response. With 0, a connection is closed
   * when the target first sends anything. Live connections keep the limit they started with.
   */
  public FaultProxy closeAfterUpstreamBytes(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("byte count must be >= 0, got " + n + " (use forwardAllUpstreamBytes())");
    }
    state.closeAfterUpstreamBytes(n);
    return this;
  }

  /** Undoes {@link #closeAfterUpstreamBytes(long)} for connections accepted from now on. */
  public FaultProxy forwardAllUpstreamBytes() {
    state.closeAfterUpstreamBytes(-1);
    return this;
  }

  /** Connections accepted since start, including the ones reset at once. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Connections being proxied now (including ones still dialling the target). */
  public int liveConnections() {
    return live.size();
  }

  /** Bytes written to either side since start (discarded and undelivered bytes do not count). */
  public long bytesForwarded() {
    return traffic.forwarded();
  }

  /** Bytes a {@link Mode#BLACK_HOLE} swallowed since start, both ways. */
  public long bytesDiscarded() {
    return traffic.discarded();
  }

  /** Stops listening, resets every live connection and waits for every proxy thread to end. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.unbind();
    cutAll();
    List<Thread> stuck = threads.interruptAndJoin(CLOSE_TIMEOUT);
    if (!stuck.isEmpty()) {
      LOG.warn("fault proxy threads still running {} after close: {}", CLOSE_TIMEOUT, stuck);
    }
  }

  private void accept(Socket client) {
    long n = accepted.incrementAndGet();
    if (closed.get() || state.mode().kind() == Mode.Kind.RESET) {
      ProxyConnection.reset(client);
      return;
    }
    ProxyConnection connection = new ProxyConnection(port() + "-c" + n, client, threads, live::remove);
    live.add(connection);
    // Re-checked after registering: a concurrent switch to RESET (or close) either sees this connection in
    // `live` or is seen here.
    if (closed.get() || state.mode().kind() == Mode.Kind.RESET) {
      connection.abort();
      return;
    }
    connection.start(target, state, traffic);
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the fault proxy is closed");
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort() + ", "
        + state.mode() + "]";
  }

  /** What the proxy does to the bytes it carries. */
  public static final class Mode {
    /** The kinds of mode. */
    public enum Kind { PASS, DELAY, BLACK_HOLE, RESET }

    /** Forward everything at once. */
    public static final Mode PASS = new Mode(Kind.PASS, Duration.ZERO);
    /**
     * Keep every socket open but silently discard all bytes both ways, as a dead network would; FINs and resets
     * are held back too and let through when the mode changes. New connections are accepted and dialled.
     */
    public static final Mode BLACK_HOLE = new Mode(Kind.BLACK_HOLE, Duration.ZERO);
    /** Reset (TCP RST) every live connection, and every new one right after accepting it. */
    public static final Mode RESET = new Mode(Kind.RESET, Duration.ZERO);

    private static final Duration MAX_DELAY = Duration.ofHours(1);

    private final Kind kind;
    private final Duration delay;

    private Mode(Kind kind, Duration delay) {
      this.kind = kind;
      this.delay = delay;
    }

    /**
     * Deliver every chunk, both ways, {@code delay} after the proxy received it, in order. Bytes already in
     * flight get the new delay (measured from their arrival) when the mode changes.
     */
    public static Mode delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException("delay must be between 0 and " + MAX_DELAY + ", got " + delay);
      }
      return new Mode(Kind.DELAY, delay);
    }

    public Kind kind() {
      return kind;
    }

    /** The delay of a {@link Kind#DELAY} mode; zero for the others. */
    public Duration delay() {
      return delay;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Mode m && m.kind == kind && m.delay.equals(delay);
    }

    @Override
    public int hashCode() {
      return kind.hashCode() * 31 + delay.hashCode();
    }

    @Override
    public String toString() {
      return kind == Kind.DELAY ? "DELAY(" + delay.toMillis() + "ms)" : kind.name();
    }
  }
}
