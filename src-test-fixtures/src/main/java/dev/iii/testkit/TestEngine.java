package dev.iii.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.EngineFaults;
import dev.iii.testkit.internal.EngineServer;
import dev.iii.testkit.internal.WorkerConnection;
import dev.iii.testkit.internal.FunctionEntry;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

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
  private final int port;
  private final EngineFaults faultState;
  private final Faults faults;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The live engine: replaced as a whole by {@link #restart()}, so nothing survives one. */
  private volatile Running running;
  // HTTP trigger module + HTTP-invoked functions (internal/http): rebuilt with the core by restart(), same port.
  private volatile dev.iii.testkit.internal.http.@org.jspecify.annotations.Nullable HttpModules http;
  private volatile int httpPort;

  /** One incarnation of the engine: its actor system, state and listener. */
  private record Running(ActorSystem system, EngineCore core, EngineServer server, Cancellable channelSweeper) {}

  /** Starts an engine on an ephemeral port of 127.0.0.1. */
  public static TestEngine start() {
    return start(TestEngineOptions.getDefaultInstance());
  }

  /** Starts an engine; throws {@link IllegalStateException} if it cannot bind (e.g. the port is taken). */
  public static TestEngine start(TestEngineOptions options) {
    EngineFaults faults = new EngineFaults();
    Bound bound = launch(options, options.port(), faults);
    TestEngine engine = new TestEngine(options, bound.running(), bound.port(), faults);
    engine.startHttp(options.httpPort()); // internal/http
    return engine;
  }

  private TestEngine(TestEngineOptions options, Running running, int port, EngineFaults faultState) {
    this.options = options;
    this.running = running;
    this.port = port;
    this.faultState = faultState;
    this.faults = new Faults(faultState);
  }

  private record Bound(Running running, int port) {}

  private static Bound launch(TestEngineOptions options, int port, EngineFaults faults) {
    ActorSystem system = ActorSystem.create("iii-test-engine", config(), TestEngine.class.getClassLoader());
    ChannelHub channels = new ChannelHub(Materializer.matFromSystem(system));
    EngineCore core = new EngineCore(channels, system.dispatcher());
    if (options.engineVersion() == dev.iii.testkit.EngineVersion.V0_23) {
      core.enableV023(options.clock(), options.registrationNamespaceGrace()); // PROTOCOL §10
    }
    // Trigger modules on the configured clock: cron, pub/sub, iii-queue (ENGINE §5.6, §5.9, §5.10, §8). They
    // stop with this incarnation's actor system, so no tick or retry outlives close() or restart().
    dev.iii.testkit.internal.cron.CronModule cron = dev.iii.testkit.internal.cron.CronModule.install(core, options.clock());
    dev.iii.testkit.internal.pubsub.PubSubModule.install(core);
    // iii-state / iii-stream: state::*, stream::*, the state/stream trigger types; event timestamps on the clock.
    dev.iii.testkit.internal.state.StateStreamModules.install(core, options.clock());
    dev.iii.testkit.internal.queue.QueueModule queueModule =
        dev.iii.testkit.internal.queue.QueueModule.install(core, options.clock(), options.queues());
    system.registerOnTermination(() -> {
      cron.close();
      queueModule.close();
    });
    EngineServer server = new EngineServer(system, core, faults);
    try {
      InetSocketAddress bound = server.bind(options.host(), port, options.tls())
          .toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Cancellable sweeper = channels.startSweeping(system);
      return new Bound(new Running(system, core, server, sweeper), bound.getPort());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while starting the test engine", e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("test engine could not bind " + options.host() + ":" + port
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
        "pekko.http.server.remote-address-attribute = on",
        // A channel whose buffer stays full keeps its writer's streamed message waiting longer than Pekko's
        // default subscription timeout; the hub needs it off (see ChannelHub.REQUIRED_CONFIG).
        ChannelHub.REQUIRED_CONFIG));
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
    stopHttp();
    stop(running);
  }

  /**
   * Stops the engine as {@link #close()} does (every live socket aborted) and starts a fresh one on the same
   * port, keeping nothing: no workers, functions, triggers, channels or recordings. Armed {@link #faults()} are
   * kept, so a fault can be set up for the workers' reconnection before it happens. Returns once the new
   * listener is bound; throws {@link IllegalStateException} if the port cannot be bound again or the engine is
   * closed.
   */
  public synchronized void restart() {
    if (closed.get()) {
      throw new IllegalStateException("the test engine is closed");
    }
    stopHttp();
    stop(running);
    running = launch(options, port, faultState).running();
    startHttp(httpPort);
  }

  private static void stop(Running r) {
    r.channelSweeper().cancel();
    r.core().channels().close();
    r.server().close();
    try {
      r.system().terminate();
      r.system().getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The sockets are already gone; a slow actor-system shutdown is not worth failing a test over.
    }
  }

  // ---------------------------------------------------------------- HTTP triggers (internal/http, ENGINE §6, §10)

  private void startHttp(int requestedPort) {
    try {
      http = dev.iii.testkit.internal.http.HttpModules.install(running.core(), options, requestedPort, url());
      httpPort = http.port();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("test engine could not start its HTTP trigger port " + options.host() + ":"
          + requestedPort + ": " + e.getMessage(), e);
    }
  }

  private void stopHttp() {
    var h = http;
    if (h != null) {
      h.close();
    }
  }

  /** The port of the {@code http} trigger module (ENGINE §6): {@code TestEngineOptions.httpPort}, or ephemeral. */
  public int httpPort() {
    return httpPort;
  }

  /** Base URL of the HTTP triggers, e.g. {@code http://127.0.0.1:3111}; routes are relative to it. */
  public String httpUrl() {
    String u = url();
    return "http" + u.substring(u.indexOf(':'), u.lastIndexOf(':') + 1) + httpPort;
  }

  /** Fault injection: closed sockets, refused handshakes and upgrades, delayed frames (see {@link Faults}). */
  public Faults faults() {
    return faults;
  }

  /**
   * Sends {@code text} to a worker as one WebSocket text frame, exactly as given (invalid or truncated JSON,
   * huge frames…), after the frames already queued to it. Returns {@code true} once queued, {@code false} if the
   * connection closed meanwhile. Throws {@link IllegalArgumentException} if no worker with this id is connected.
   */
  public boolean sendRaw(String workerId, String text) {
    return sendRaw(workerId, TextMessage.create(Objects.requireNonNull(text, "text")));
  }

  /** Sends {@code bytes} to a worker as one binary frame (e.g. bytes that are not UTF-8); see {@link #sendRaw(String, String)}. */
  public boolean sendRaw(String workerId, byte[] bytes) {
    return sendRaw(workerId, BinaryMessage.create(ByteString.fromArray(Objects.requireNonNull(bytes, "bytes"))));
  }

  private boolean sendRaw(String workerId, Message message) {
    WorkerConnection conn = running.core().workerSnapshot().stream()
        .filter(c -> c.id().toString().equalsIgnoreCase(Objects.requireNonNull(workerId, "workerId")))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no worker " + workerId + " is connected (connected: "
            + workers().stream().map(EngineWorker::id).collect(Collectors.joining(", ")) + ")"));
    try {
      return conn.sendRaw(message).toCompletableFuture().get(DEFAULT_AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to worker " + workerId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not queue a frame to worker " + workerId + " within " + DEFAULT_AWAIT
          + " (is it reading?)", e);
    }
  }

  /**
   * Jobs dead-lettered by a named function queue (its configured name) or by a durable topic (every subscribed
   * function's queue, or one {@code <topic>::<function_id>}), oldest first; empty for unknown names.
   */
  public List<DeadLetter> deadLetters(String queueOrTopic) {
    dev.iii.testkit.internal.queue.QueueModule m = dev.iii.testkit.internal.queue.QueueModule.of(running.core());
    return m == null ? List.of() : m.deadLetters(queueOrTopic);
  }

  /** How many {@code iii::durable::publish} messages went to this topic while it had no subscriber (lost). */
  public int lostDurableMessages(String topic) {
    dev.iii.testkit.internal.queue.QueueModule m = dev.iii.testkit.internal.queue.QueueModule.of(running.core());
    return m == null ? 0 : m.lostDurableMessages(topic);
  }

  /** Waits up to 10 s until a function with this id is registered. */
  public void awaitFunction(String functionId) {
    awaitFunction(functionId, DEFAULT_AWAIT);
  }

  /** Waits until a function with this id is registered; throws {@link IllegalStateException} on timeout. */
  public void awaitFunction(String functionId, Duration timeout) {
    try {
      if (!running.core().awaitFunction(functionId, timeout)) {
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
    return running.core().workerSnapshot().stream().map(c -> {
      EngineCore.WorkerView v = running.core().view(c);
      return new EngineWorker(c.id().toString(), v.name(), v.runtime(), v.pid(), v.functionIds(), c.connectedAt(),
          c.headers());
    }).toList();
  }

  /** Functions registered by workers (not the engine's built-ins), in registration order. */
  public List<EngineFunction> functions() {
    return running.core().functionSnapshot(f -> f.owner() != null).stream().map(TestEngine::toPublic).toList();
  }

  /**
   * Worker-registered functions of one namespace (0.23 mode, PROTOCOL §10.3); {@link #functions()} lists every
   * namespace. In 0.11.6 mode everything is in {@code default}.
   */
  public List<EngineFunction> functionsIn(String namespace) {
    return running.core().functionsIn(namespace).stream().map(TestEngine::toPublic).toList();
  }

  /**
   * The namespace of a live worker: null when no such worker is connected, or while (0.23) its registrations
   * are still buffered waiting for {@code engine::workers::register}.
   */
  public @org.jspecify.annotations.Nullable String workerNamespace(String workerId) {
    for (dev.iii.testkit.internal.WorkerConnection c : running.core().workerSnapshot()) {
      if (c.id().toString().equals(workerId)) {
        return running.core().namespaceOf(c);
      }
    }
    return null;
  }

  private static EngineFunction toPublic(FunctionEntry f) {
    return new EngineFunction(f.id(), f.description(), f.requestFormat(), f.responseFormat(), f.metadata(),
        f.owner().toString());
  }

  public List<EngineService> services() {
    return running.core().serviceSnapshot().stream().map(s -> new EngineService(s[0], s[1], s[2])).toList();
  }

  public List<EngineTrigger> triggers() {
    return running.core().triggerSnapshot().stream().map(t -> new EngineTrigger(t.id(), t.triggerType(), t.functionId(),
        t.config(), t.metadata(), t.workerId() == null ? null : t.workerId().toString())).toList();
  }

  /** All trigger types, built-in ones (owner null) included. */
  public List<EngineTriggerType> triggerTypes() {
    return running.core().triggerTypeSnapshot().stream().map(t -> new EngineTriggerType(t.id(), t.description(),
        t.triggerRequestFormat(), t.callRequestFormat(), t.owner() == null ? null : t.owner().toString())).toList();
  }

  /** Telemetry frames received on {@code /} and {@code /otel}, in arrival order (the first 10 000 are kept). */
  public List<TelemetryFrame> telemetry() {
    return running.core().recordings().telemetry().stream().map(t -> new TelemetryFrame(t.kind(), t.path(), t.body())).toList();
  }

  /** Every HTTP request received (WebSocket upgrades and others), in arrival order (the first 10 000). */
  public List<UpgradeRequest> upgradeRequests() {
    return running.core().recordings().upgrades().stream().map(u -> new UpgradeRequest(u.path(), u.headers())).toList();
  }

  /** Frames dropped as undecodable (the last 1 000), oldest first. Usually a sign of an SDK bug. */
  public List<DroppedFrame> droppedFrames() {
    return running.core().recordings().dropped().stream().map(d -> new DroppedFrame(d.workerId(), d.frame(), d.reason())).toList();
  }

  /** How many worker frames were decoded and handled since start (telemetry and blank frames excluded). */
  public long acceptedFrameCount() {
    return running.core().recordings().acceptedCount();
  }

  @Override
  public String toString() {
    return "TestEngine{" + url() + "}";
  }
}
