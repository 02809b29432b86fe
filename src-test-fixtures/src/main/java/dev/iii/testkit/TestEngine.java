package dev.iii.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.EngineServer;
import dev.iii.testkit.internal.FunctionEntry;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.stream.Materializer;

/**
 * An in-process iii engine for tests, behaving like the real engine at 0.11.6 on its worker socket: start one,
 * point workers at {@link #url()}, inspect what it saw, {@link #close()} it.
 *
 * <pre>{@code
 * try (TestEngine engine = TestEngine.start()) {
 *   // connect a worker to engine.url() ...
 *   engine.awaitFunction("orders::create");
 * }
 * }</pre>
 *
 * Thread-safe. Each engine owns its own Pekko {@code ActorSystem}; nothing global is touched.
 */
public final class TestEngine implements AutoCloseable {
  private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final TestEngineOptions options;
  private final ActorSystem system;
  private final EngineCore core;
  private final EngineServer server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Cancellable channelSweeper;

  private TestEngine(TestEngineOptions options, ActorSystem system, EngineCore core, EngineServer server, int port,
      Cancellable channelSweeper) {
    this.channelSweeper = channelSweeper;
    this.options = options;
    this.system = system;
    this.core = core;
    this.server = server;
    this.port = port;
  }

  /** Starts an engine on an ephemeral port of 127.0.0.1. */
  public static TestEngine start() {
    return start(TestEngineOptions.getDefaultInstance());
  }

  /** Starts an engine; throws {@link IllegalStateException} if it cannot bind (e.g. the port is taken). */
  public static TestEngine start(TestEngineOptions options) {
    ActorSystem system = ActorSystem.create("iii-test-engine", config(), TestEngine.class.getClassLoader());
    ChannelHub channels = new ChannelHub(Materializer.matFromSystem(system));
    EngineCore core = new EngineCore(channels);
    EngineServer server = new EngineServer(system, core);
    try {
      InetSocketAddress bound = server.bind(options.host(), options.port(), options.tls())
          .toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Cancellable sweeper = channels.startSweeping(system);
      return new TestEngine(options, system, core, server, bound.getPort(), sweeper);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while starting the test engine", e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("test engine could not bind " + options.host() + ":" + options.port()
          + ": " + cause, cause);
    }
  }

  private static Config config() {
    // Only our settings over the libraries' reference.conf: a user's application.conf must not change the
    // engine (e.g. turn on an idle timeout the real engine does not have).
    Config ours = ConfigFactory.parseString(String.join("\n",
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
        "pekko.loglevel = INFO",
        "pekko.stdout-loglevel = OFF",
        "pekko.log-dead-letters = off",
        "pekko.log-dead-letters-during-shutdown = off",
        "pekko.jvm-exit-on-fatal-error = off",
        "pekko.coordinated-shutdown.exit-jvm = off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        // The real engine has no idle timeout and never pings (ENGINE §3.2).
        "pekko.http.server.idle-timeout = infinite",
        "pekko.http.server.websocket.periodic-keep-alive-max-idle = infinite",
        "pekko.http.server.remote-address-attribute = on"));
    return ours.withFallback(ConfigFactory.defaultReference(TestEngine.class.getClassLoader())).resolve();
  }

  /** The worker address, e.g. {@code ws://127.0.0.1:49134} ({@code wss://} when TLS is configured). */
  public String url() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1"; // bound to every interface: loopback reaches it
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return (options.tls() != null ? "wss://" : "ws://") + host + ":" + port;
  }

  public int port() {
    return port;
  }

  public TestEngineOptions options() {
    return options;
  }

  /**
   * Terminates the binding and aborts every live connection (workers see their sockets drop and run their
   * disconnect handling), then stops the engine's actor system. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channelSweeper.cancel();
    core.channels().close();
    server.close();
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The sockets are already gone; a slow actor-system shutdown is not worth failing a test over.
    }
  }

  /** Waits up to 10 s until a function with this id is registered. */
  public void awaitFunction(String functionId) {
    awaitFunction(functionId, DEFAULT_AWAIT);
  }

  /** Waits until a function with this id is registered; throws {@link IllegalStateException} on timeout. */
  public void awaitFunction(String functionId, Duration timeout) {
    try {
      if (!core.awaitFunction(functionId, timeout)) {
        String known = functions().stream().map(EngineFunction::id).collect(Collectors.joining(", "));
        throw new IllegalStateException("function " + functionId + " was not registered within " + timeout
            + " (registered: [" + known + "])");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for function " + functionId, e);
    }
  }

  /** Live worker sockets ({@code /otel} connections are never workers). */
  public List<EngineWorker> workers() {
    return core.workerSnapshot().stream().map(c -> {
      EngineCore.WorkerView v = core.view(c);
      return new EngineWorker(c.id().toString(), v.name(), v.runtime(), v.pid(), v.functionIds(), c.connectedAt(),
          c.headers());
    }).toList();
  }

  /** Functions registered by workers (not the engine's built-ins), in registration order. */
  public List<EngineFunction> functions() {
    return core.functionSnapshot(f -> f.owner() != null).stream().map(TestEngine::toPublic).toList();
  }

  private static EngineFunction toPublic(FunctionEntry f) {
    return new EngineFunction(f.id(), f.description(), f.requestFormat(), f.responseFormat(), f.metadata(),
        f.owner().toString());
  }

  public List<EngineService> services() {
    return core.serviceSnapshot().stream().map(s -> new EngineService(s[0], s[1], s[2])).toList();
  }

  public List<EngineTrigger> triggers() {
    return core.triggerSnapshot().stream().map(t -> new EngineTrigger(t.id(), t.triggerType(), t.functionId(),
        t.config(), t.metadata(), t.workerId() == null ? null : t.workerId().toString())).toList();
  }

  /** All trigger types, built-in ones (owner null) included. */
  public List<EngineTriggerType> triggerTypes() {
    return core.triggerTypeSnapshot().stream().map(t -> new EngineTriggerType(t.id(), t.description(),
        t.triggerRequestFormat(), t.callRequestFormat(), t.owner() == null ? null : t.owner().toString())).toList();
  }

  /** Telemetry frames received on {@code /} and {@code /otel}, in arrival order (the first 10 000 are kept). */
  public List<TelemetryFrame> telemetry() {
    return core.recordings().telemetry().stream().map(t -> new TelemetryFrame(t.kind(), t.path(), t.body())).toList();
  }

  /** Every HTTP request received (WebSocket upgrades and others), in arrival order (the first 10 000). */
  public List<UpgradeRequest> upgradeRequests() {
    return core.recordings().upgrades().stream().map(u -> new UpgradeRequest(u.path(), u.headers())).toList();
  }

  /** Frames dropped as undecodable (the last 1 000), oldest first. Usually a sign of an SDK bug. */
  public List<DroppedFrame> droppedFrames() {
    return core.recordings().dropped().stream().map(d -> new DroppedFrame(d.workerId(), d.frame(), d.reason())).toList();
  }

  /** How many worker frames were decoded and handled since start (telemetry and blank frames excluded). */
  public long acceptedFrameCount() {
    return core.recordings().acceptedCount();
  }

  @Override
  public String toString() {
    return "TestEngine{" + url() + "}";
  }
}
