package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ConnectionException;
import dev.iii.sdk.ConnectionListener;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionRef;
import dev.iii.sdk.III;
import dev.iii.sdk.IIIException;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.ServiceDef;
import dev.iii.sdk.ShutdownException;
import dev.iii.sdk.TriggerAction;
import dev.iii.sdk.TriggerRequest;
import dev.iii.sdk.WorkerFailedException;
import dev.iii.sdk.WorkerLogger;
import dev.iii.sdk.internal.telemetry.Telemetry;
import dev.iii.sdk.internal.wire.WireMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation behind {@link III}: a thin, thread-safe facade over {@link WorkerCore} and the actors. */
public final class WorkerRuntime implements III {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final AtomicInteger SEQ = new AtomicInteger();
  /** Name of an ActorSystem the SDK creates itself; its threads are named after it. */
  static final String OWNED_SYSTEM_NAME = "iii-worker";

  private final WorkerCore core;
  private final TriggerOperations triggerOps;
  private final boolean ownsSystem;
  private final @Nullable ExecutorService ownedHandlerPool;
  private final @Nullable Cancellable coordinatedShutdownTask;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile @Nullable HttpClient httpClient;

  private WorkerRuntime(
      WorkerCore core, boolean ownsSystem, @Nullable ExecutorService ownedHandlerPool, boolean registerWithCs) {
    this.core = core;
    this.triggerOps = new TriggerOperations(core);
    this.ownsSystem = ownsSystem;
    this.ownedHandlerPool = ownedHandlerPool;
    core.facade = this;
    // CoordinatedShutdown drains us first (handlers finish, results go out) before the system stops. The task
    // waits only for the drain, never for termination, so it cannot wait on itself.
    this.coordinatedShutdownTask =
        registerWithCs
            ? CoordinatedShutdown.get(core.system)
                .addCancellableTask(
                    CoordinatedShutdown.PhaseBeforeServiceUnbind(),
                    "iii-worker-drain-" + SEQ.incrementAndGet(),
                    () -> startShutdown().thenApply(v -> Done.getInstance()))
            : null;
  }

  // ---- factories -------------------------------------------------------------------------------------------

  public static III registerBlocking(@Nullable ActorSystem<?> system, @Nullable String url, InitOptions options) {
    return registerBlocking(system, url, options, System::getenv);
  }

  /**
   * As {@link #registerBlocking(ActorSystem, String, InitOptions)}, reading the environment ({@code III_URL},
   * {@code OTEL_*}, {@code III_ISOLATION}) only through {@code env}: tests pass a map instead of forking a JVM.
   */
  public static III registerBlocking(
      @Nullable ActorSystem<?> system,
      @Nullable String url,
      InitOptions options,
      Function<String, @Nullable String> env) {
    ThreadGuard.checkMayBlock("registerWorker", "registerWorkerAsync");
    WorkerRuntime rt = create(system, url, options, env);
    Duration timeout = rt.core.settings.connectTimeout();
    try {
      rt.connectAsync().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return rt;
    } catch (TimeoutException e) {
      rt.shutdownAndWait();
      throw timeoutFailure(rt, timeout);
    } catch (ExecutionException e) {
      rt.shutdownAndWait();
      Throwable cause = Errors.unwrap(e);
      if (cause instanceof WorkerFailedException wf) {
        throw new WorkerFailedException(wf.getMessage(), wf.getCause());
      }
      throw new ConnectionException("could not connect to " + rt.core.url + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rt.shutdownAndWait();
      throw new ConnectionException("interrupted while connecting to " + rt.core.url, e);
    }
  }

  public static CompletionStage<III> registerAsync(
      @Nullable ActorSystem<?> system, @Nullable String url, InitOptions options) {
    WorkerRuntime rt = create(system, url, options, System::getenv);
    Duration timeout = rt.core.settings.connectTimeout();
    CompletableFuture<III> result = new CompletableFuture<>();
    rt.connectAsync()
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, err) -> {
              if (err == null) {
                result.complete(rt);
                return;
              }
              Throwable cause = Errors.unwrap(err);
              ConnectionException failure =
                  cause instanceof TimeoutException
                      ? timeoutFailure(rt, timeout)
                      : cause instanceof ConnectionException ce
                          ? ce
                          : new ConnectionException("could not connect to " + rt.core.url, cause);
              rt.shutdownAsync().whenComplete((x, y) -> result.completeExceptionally(failure));
            });
    return result;
  }

  private static ConnectionException timeoutFailure(WorkerRuntime rt, Duration timeout) {
    Throwable last = rt.core.lastConnectFailure;
    return new ConnectionException(
        "could not connect to " + rt.core.url + " within " + timeout.toMillis() + "ms"
            + (last != null ? "; last attempt: " + last.getMessage() : ""),
        last);
  }

  static WorkerRuntime create(
      @Nullable ActorSystem<?> hostSystem,
      @Nullable String url,
      InitOptions options,
      Function<String, @Nullable String> env) {
    Objects.requireNonNull(options, "options");
    // A host system built from a Config without reference.conf must still find the iii { } defaults.
    Config config =
        (hostSystem != null ? hostSystem.settings().config() : ConfigFactory.load())
            .withFallback(ConfigFactory.defaultReference());
    String address = validateUrl(url != null ? url : RuntimeSettings.resolveUrl(config, env));
    RuntimeSettings settings = RuntimeSettings.resolve(options, config);
    int n = SEQ.incrementAndGet();

    ActorSystem<?> system = hostSystem;
    if (system == null) {
      Config owned = config.getConfig("iii.owned-actor-system").withFallback(config);
      system = ActorSystem.create(Behaviors.empty(), OWNED_SYSTEM_NAME, owned);
    }
    ExecutorService ownedPool = null;
    Telemetry telemetry = null;
    try {
      telemetry = createTelemetry(options, address, env, system);
      Executor handlers = options.handlerExecutor();
      if (handlers == null) {
        ownedPool = HandlerExecutors.create(OWNED_SYSTEM_NAME + "-handler-" + n + "-", settings.handlerPoolSize());
        handlers = ownedPool;
      }
      Executor callbacks = options.callbackExecutor() != null ? options.callbackExecutor() : ForkJoinPool.commonPool();
      // Newer SDKs take the worker name from III_WORKER_NAME when the code does not set one (PROTOCOL §10).
      String envName = env.apply("III_WORKER_NAME");
      String name =
          options.workerName() != null
              ? options.workerName()
              : envName != null && !envName.isBlank() ? envName.trim() : WorkerMetadata.defaultName();
      WireMessage.InvokeFunction metadataCall =
          new WireMessage.InvokeFunction(
              null,
              "engine::workers::register",
              WorkerMetadata.withNamespace(WorkerMetadata.build(name, options.telemetry(), env), options, env),
              null,
              null,
              new WireMessage.TriggerAction.Void(),
              null,
              null);
      WorkerCore core =
          new WorkerCore(
              name,
              address,
              settings,
              new Payloads(options.payloadMapper(), new WorkerChannels(system, address, options.sslContext())),
              handlers,
              callbacks,
              system,
              Materializer.createMaterializer(system),
              "iii.dispatcher",
              metadataCall,
              options.headersSupplier(),
              options.sslContext(),
              telemetry);
      // Registered with CoordinatedShutdown in both cases: a host system's shutdown, or the JVM shutdown hook of
      // our own system (SIGTERM), drains the worker first.
      WorkerRuntime rt = new WorkerRuntime(core, hostSystem == null, ownedPool, true);
      core.supervisor =
          system.systemActorOf(
              WorkerSupervisor.create(core),
              "iii-worker-" + n,
              system.settings().config().hasPath("iii.dispatcher")
                  ? org.apache.pekko.actor.typed.DispatcherSelector.fromConfig("iii.dispatcher")
                  : Props.empty());
      return rt;
    } catch (RuntimeException e) {
      if (telemetry != null) {
        telemetry.closeAsync();
      }
      if (ownedPool != null) {
        ownedPool.shutdown();
      }
      if (hostSystem == null) {
        system.terminate();
      }
      throw e;
    }
  }

  /**
   * The worker's telemetry (DESIGN §3): the user's {@code OpenTelemetry} if given, else an SDK of its own exporting
   * over {@code /otel} with the control connection's upgrade headers and TLS context; disabled when the
   * {@link OtelConfig} (unset fields from {@code env}) says so.
   */
  private static Telemetry createTelemetry(
      InitOptions options, String address, Function<String, @Nullable String> env, ActorSystem<?> system) {
    OtelConfig.Builder b =
        (options.otel() != null ? options.otel() : OtelConfig.getDefaultInstance()).toBuilder().fillFromEnvironment(env);
    if (!options.enableMetricsReporting()) {
      b.enableMetricsReporting(false);
    }
    OtelConfig cfg = b.build();
    if (!cfg.isEnabled()) {
      return Telemetry.disabled();
    }
    if (options.openTelemetry() != null) {
      return Telemetry.usingUserSdk(
          options.openTelemetry(),
          cfg.isMetricsEnabled() && cfg.isEnableMetricsReporting(),
          cfg.isFetchInstrumentationEnabled());
    }
    return Telemetry.create(cfg, address, options.headersSupplier(), env, system, options.sslContext());
  }

  private static String validateUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("worker address is required (e.g. ws://localhost:49134)");
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
        throw new IllegalArgumentException("worker address must be a ws:// or wss:// URL, got '" + url + "'");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("worker address has no host: '" + url + "'");
      }
      return url.trim();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("worker address is not a valid URL: '" + url + "': " + e.getMessage(), e);
    }
  }

  // ---- registration ----------------------------------------------------------------------------------------

  @Override
  public FunctionRef registerFunction(FunctionDef<?, ?> def) {
    Objects.requireNonNull(def, "def");
    checkOpen();
    WireMessage.RegisterFunction msg =
        new WireMessage.RegisterFunction(
            def.id(), def.description(), Formats.request(def), Formats.response(def), def.metadata(), null);
    FunctionEntry entry = new FunctionEntry(def, msg);
    core.addFunction(entry);
    return new FunctionRef() {
      @Override
      public String id() {
        return def.id();
      }

      @Override
      public void unregister() {
        core.removeFunction(entry);
      }
    };
  }

  @Override
  public <T> dev.iii.sdk.StreamStore.Registration createStream(
      String name, Class<T> itemType, dev.iii.sdk.StreamStore<T> store) {
    return StreamStoreFunctions.register(this, core.payloads.mapper(), name, itemType, store);
  }

  // ---- triggers, trigger types, enqueue, HTTP-invoked functions (see TriggerOperations) ----------------------

  @Override
  public FunctionRef registerFunction(String id, dev.iii.sdk.HttpInvocationConfig config) {
    return triggerOps.registerHttpFunction(id, config, null, null);
  }

  @Override
  public FunctionRef registerFunction(
      String id, dev.iii.sdk.HttpInvocationConfig config, @Nullable String description, @Nullable JsonNode metadata) {
    return triggerOps.registerHttpFunction(id, config, description, metadata);
  }

  @Override
  public dev.iii.sdk.TriggerRef registerTrigger(dev.iii.sdk.TriggerDef def) {
    return triggerOps.registerTrigger(def);
  }

  @Override
  public <C> dev.iii.sdk.TriggerTypeRef<C> registerTriggerType(
      dev.iii.sdk.TriggerTypeDef<C> def, dev.iii.sdk.TriggerHandler<C> handler) {
    return triggerOps.registerTriggerType(def, handler);
  }

  @Override
  public void unregisterTriggerType(String id) {
    triggerOps.unregisterTriggerType(id);
  }

  @Override
  public dev.iii.sdk.EnqueueResult enqueue(String queue, String functionId, @Nullable Object payload) {
    return triggerOps.enqueue(queue, functionId, payload);
  }

  @Override
  public CompletionStage<dev.iii.sdk.EnqueueResult> enqueueAsync(
      String queue, String functionId, @Nullable Object payload) {
    return triggerOps.enqueueAsync(queue, functionId, payload);
  }

  @Override
  public void registerService(ServiceDef def) {
    Objects.requireNonNull(def, "def");
    checkOpen();
    String name = def.name() != null && !def.name().isBlank() ? def.name() : def.id();
    core.addService(new WireMessage.RegisterService(def.id(), name, def.description(), def.parentServiceId()));
  }

  // ---- calls -----------------------------------------------------------------------------------------------

  @Override
  public JsonNode trigger(TriggerRequest request) {
    ThreadGuard.checkMayBlock("trigger", "triggerAsync");
    return await(triggerAsync(request));
  }

  @Override
  public CompletionStage<JsonNode> triggerAsync(TriggerRequest request) {
    Objects.requireNonNull(request, "request");
    Duration timeout = request.timeout() != null ? request.timeout() : core.settings.invocationTimeout();
    TriggerAction action = request.action();
    if (action instanceof TriggerAction.Void) {
      fireAndForget(request.functionId(), request.payload(), request.namespace(), request.metadata());
      return CompletableFuture.completedFuture(NullNode.getInstance());
    }
    if (action instanceof TriggerAction.Enqueue enqueue) {
      return start(request.functionId(), request.payload(), new WireMessage.TriggerAction.Enqueue(enqueue.queue()),
          JsonNode.class, timeout, request.namespace(), request.metadata());
    }
    return start(
        request.functionId(), request.payload(), null, JsonNode.class, timeout, request.namespace(),
        request.metadata());
  }

  @Override
  public JsonNode call(String functionId, @Nullable Object payload) {
    return call(functionId, payload, JsonNode.class, core.settings.invocationTimeout());
  }

  @Override
  public <T> T call(String functionId, @Nullable Object payload, Class<T> resultType) {
    return call(functionId, payload, resultType, core.settings.invocationTimeout());
  }

  @Override
  public <T> T call(String functionId, @Nullable Object payload, Class<T> resultType, Duration timeout) {
    ThreadGuard.checkMayBlock("call", "callAsync");
    return await(callAsync(functionId, payload, resultType, timeout));
  }

  @Override
  public CompletionStage<JsonNode> callAsync(String functionId, @Nullable Object payload) {
    return callAsync(functionId, payload, JsonNode.class, core.settings.invocationTimeout());
  }

  @Override
  public <T> CompletionStage<T> callAsync(String functionId, @Nullable Object payload, Class<T> resultType) {
    return callAsync(functionId, payload, resultType, core.settings.invocationTimeout());
  }

  @Override
  public <T> CompletionStage<T> callAsync(
      String functionId, @Nullable Object payload, Class<T> resultType, Duration timeout) {
    return start(functionId, payload, null, resultType, timeout, null, null);
  }

  private <T> CompletionStage<T> start(
      String functionId,
      @Nullable Object payload,
      WireMessage.@Nullable TriggerAction action,
      Class<T> resultType,
      Duration timeout,
      @Nullable String namespace,
      @Nullable JsonNode metadata) {
    requireFunctionId(functionId);
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    checkOpen();
    JsonNode data = core.payloads.toData(functionId, payload);
    // The CLIENT span starts here, on the caller's thread, so its parent is the caller's current context.
    PendingCall call =
        core.startCall(functionId, data, action, timeout, core.telemetry.outbound(functionId), namespace, metadata);
    // A new stage, so users cannot complete the SDK's own future; it runs on the callback executor.
    return call.future.thenApply(node -> core.payloads.read(node, resultType));
  }

  @Override
  public void fireAndForget(String functionId, @Nullable Object payload) {
    fireAndForget(functionId, payload, null, null);
  }

  private void fireAndForget(
      String functionId, @Nullable Object payload, @Nullable String namespace, @Nullable JsonNode metadata) {
    requireFunctionId(functionId);
    checkOpen();
    JsonNode data = core.payloads.toData(functionId, payload);
    OutboundTrace trace = core.telemetry.outbound(functionId);
    try {
      core.sendVoid(
          new WireMessage.InvokeFunction(
              null, functionId, data, trace.traceparent(), trace.baggage(), new WireMessage.TriggerAction.Void(),
              namespace, metadata));
    } catch (RuntimeException e) {
      trace.end(e);
      throw e;
    }
    // Nothing comes back for a void call: the span covers handing it to the connection.
    trace.end(null);
  }

  // ---- telemetry -------------------------------------------------------------------------------------------

  @Override
  public WorkerLogger logger() {
    return core.logger;
  }

  @Override
  public HttpClient httpClient() {
    HttpClient c = httpClient;
    if (c == null) {
      synchronized (this) {
        c = httpClient;
        if (c == null) {
          c = core.telemetryHub.httpClient(HttpClient.newHttpClient());
          httpClient = c;
        }
      }
    }
    return c;
  }

  // ---- state -----------------------------------------------------------------------------------------------

  @Override
  public ConnectionState connectionState() {
    return core.state;
  }

  @Override
  public @Nullable String workerId() {
    return core.workerId;
  }

  @Override
  public AutoCloseable addConnectionListener(ConnectionListener listener) {
    return core.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public CompletionStage<Void> connectAsync() {
    if (core.closing) {
      return CompletableFuture.failedFuture(new ShutdownException("worker is shut down", null, null));
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    core.supervisor.tell(new WorkerSupervisor.Connect(waiter));
    return waiter.thenApply(v -> v);
  }

  @Override
  public CompletionStage<Void> awaitRegistrations() {
    checkOpen();
    return WorkerSupervisor.registrationBarrier(core).thenApply(v -> v);
  }

  // ---- channels -------------------------------------------------------------------------------------------

  @Override
  public Channel createChannel() {
    return createChannel(null);
  }

  @Override
  public Channel createChannel(int bufferSize) {
    return createChannel((Integer) bufferSize);
  }

  private Channel createChannel(@Nullable Integer bufferSize) {
    ThreadGuard.checkMayBlock("createChannel", "createChannelAsync");
    return await(createChannelAsync(bufferSize));
  }

  @Override
  public CompletionStage<Channel> createChannelAsync() {
    return createChannelAsync(null);
  }

  @Override
  public CompletionStage<Channel> createChannelAsync(int bufferSize) {
    return createChannelAsync((Integer) bufferSize);
  }

  private CompletionStage<Channel> createChannelAsync(@Nullable Integer bufferSize) {
    checkOpen();
    WorkerChannels channels = Objects.requireNonNull(core.payloads.channels(), "worker channels");
    return callAsync(WorkerChannels.CREATE_FUNCTION, WorkerChannels.createRequest(bufferSize))
        .thenApply(channels::fromCreateResult);
  }

  // ---- shutdown --------------------------------------------------------------------------------------------

  @Override
  public void shutdown() {
    ThreadGuard.checkMayBlock("shutdown", "shutdownAsync");
    await(shutdownAsync());
  }

  @Override
  public void close() {
    shutdown();
  }

  @Override
  public CompletionStage<Void> shutdownAsync() {
    startShutdown();
    return terminated.thenApply(v -> v);
  }

  /** Starts the shutdown once; returns the stage that completes when the worker is drained (not yet terminated). */
  private CompletableFuture<Void> startShutdown() {
    if (!shutdownStarted.compareAndSet(false, true)) {
      return drained;
    }
    core.closing = true;
    CompletableFuture<Void> supervisorDone = new CompletableFuture<>();
    core.supervisor.tell(new WorkerSupervisor.Shutdown(supervisorDone));
    // If the supervisor is gone (its system stopped under us), do not wait forever.
    Duration limit = core.settings.shutdownGrace().plusSeconds(5);
    supervisorDone
        .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, err) -> {
              if (err != null) {
                log.warn("worker shutdown did not finish in time: {}", err.toString());
              }
              // Telemetry last: the spans and logs of the drained handlers are flushed to /otel (bounded) before
              // the socket closes. Whatever happens there, the shutdown itself must finish.
              CompletionStage<Void> telemetryClosed;
              try {
                telemetryClosed = core.telemetryHub.closeAsync();
              } catch (RuntimeException | LinkageError e) {
                log.warn("telemetry did not close cleanly: {}", e.toString());
                telemetryClosed = CompletableFuture.completedFuture(null);
              }
              telemetryClosed.whenComplete((x, y) -> finishShutdown());
            });
    return drained;
  }

  private void finishShutdown() {
    drained.complete(null);
    try {
      releaseResources();
    } catch (RuntimeException e) {
      log.warn("releasing the worker's resources failed: {}", e.toString());
      terminated.complete(null);
    }
  }

  private void releaseResources() {
    WorkerChannels channels = core.payloads.channels();
    if (channels != null) {
      channels.shutdown(); // handlers are done: cut this worker's channel sockets before its streams stop
    }
    // A call that slipped past checkOpen while shutdown ran would find its shard stopped: fail it here.
    core.failAllPending(
        call -> new ShutdownException("iii is shutting down", call.functionId, call.invocationId.toString()));
    if (coordinatedShutdownTask != null) {
      coordinatedShutdownTask.cancel();
    }
    core.materializer.shutdown();
    if (ownedHandlerPool != null) {
      ownedHandlerPool.shutdown();
    }
    if (ownsSystem) {
      core.system.terminate();
      core.system.getWhenTerminated().whenComplete((d, e) -> terminated.complete(null));
    } else {
      terminated.complete(null);
    }
  }

  private void shutdownAndWait() {
    try {
      shutdownAsync().toCompletableFuture().get(core.settings.shutdownGrace().plusSeconds(30).toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("cleanup after a failed connect did not finish: {}", e.toString());
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private void checkOpen() {
    if (core.closing) {
      throw new ShutdownException("worker is shut down", null, null);
    }
  }

  private static void requireFunctionId(String functionId) {
    if (functionId == null || functionId.isBlank()) {
      throw new IllegalArgumentException("functionId is required");
    }
  }

  /** Waits for a facade stage, rethrowing its failure unwrapped (the SDK's exceptions are unchecked). */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = Errors.unwrap(e);
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IIIException(String.valueOf(cause.getMessage()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IIIException("interrupted while waiting", e);
    }
  }
}
