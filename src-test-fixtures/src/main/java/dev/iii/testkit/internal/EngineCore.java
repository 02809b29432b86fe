package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine model (ENGINE Appendix C): worker, function, service, trigger-type and trigger registries under
 * one lock, plus the message handling of one connection. Each connection's messages are handed in strictly in
 * order, and the next one is read only when the returned stage completes: registrations (and the forwarding
 * of {@code registertrigger} to a provider, which may wait for that provider's queue) complete it; invocations
 * are started and complete it at once, so they run concurrently.
 */
public final class EngineCore {
  private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Guards every registry below and the mutable state of {@link WorkerConnection}s. */
  final Object lock = new Object();
  final Map<UUID, WorkerConnection> workers = new LinkedHashMap<>();
  final Map<String, FunctionEntry> functions = new LinkedHashMap<>();
  final Map<String, ServiceEntry> services = new LinkedHashMap<>();
  final Map<String, TriggerTypeEntry> triggerTypes = new LinkedHashMap<>();
  final Map<String, TriggerEntry> triggers = new LinkedHashMap<>();

  private final Recordings recordings = new Recordings();
  private final InvocationRouter router;
  private final TriggerHub triggerHub;
  private final ChannelHub channels;
  /**
   * iii-http-functions (ENGINE §10), set by internal/http when enabled: (id, invocation) → the engine-side
   * function, or null when the registration is rejected (logged there). Null = module not loaded.
   */
  private volatile java.util.function.@Nullable BiFunction<String, JsonNode, @Nullable BuiltinFunction> httpFunctions;
  /** 0.23 mode (PROTOCOL §10): off = the 0.11.6 engine. Set once, before the server binds. */
  private volatile boolean v023;
  private volatile dev.iii.testkit.EngineClock clock = dev.iii.testkit.EngineClock.system();
  private volatile Duration namespaceGrace = Duration.ofSeconds(5);

  /**
   * Runs engine callbacks that must not run inline (the actor system's dispatcher). Every {@code *Async} call
   * needs it, and so does every callback on a stage Pekko returns (Scala's {@code CF} turns plain
   * {@code thenApply}/{@code whenComplete}… into {@code *Async}): without an executor the JDK starts a new
   * thread per task on a 2-CPU machine, where the common pool has parallelism 1.
   */
  private final java.util.concurrent.Executor executor;

  /** {@code channels} serves {@code engine::channels::create} and the {@code /ws/channels/…} sockets. */
  public EngineCore(ChannelHub channels) {
    this(channels, java.util.concurrent.ForkJoinPool.commonPool());
  }

  /** As {@link #EngineCore(ChannelHub)}, with the executor of engine callbacks (see {@link #executor()}). */
  public EngineCore(ChannelHub channels, java.util.concurrent.Executor executor) {
    this.executor = executor;
    this.channels = channels;
    this.router = new InvocationRouter(this);
    this.triggerHub = new TriggerHub(this);
    Builtins.install(this);
    triggerHub.installBuiltinTypes();
  }

  /** Enables iii-http-functions: see the field. */
  public void setHttpFunctions(java.util.function.BiFunction<String, JsonNode, @Nullable BuiltinFunction> module) {
    this.httpFunctions = module;
  }

  /** Switches to 0.23 behaviour; {@code grace} is the registration buffering grace, measured on {@code clock}. */
  public void enableV023(dev.iii.testkit.EngineClock clock, Duration grace) {
    this.clock = clock;
    this.namespaceGrace = grace;
    this.v023 = true;
  }

  public boolean isV023() {
    return v023;
  }

  /** The executor for engine callbacks and {@code *Async} calls; never leave one without an executor. */
  public java.util.concurrent.Executor executor() {
    return executor;
  }

  public ChannelHub channels() {
    return channels;
  }

  public Recordings recordings() {
    return recordings;
  }

  public InvocationRouter router() {
    return router;
  }

  public TriggerHub triggerHub() {
    return triggerHub;
  }

  // ---------------------------------------------------------------- connection lifecycle (ENGINE §3)

  /** Registers the connection and queues {@code workerregistered}, the first frame it will receive. */
  public void onConnected(WorkerConnection conn) {
    synchronized (lock) {
      workers.put(conn.id(), conn);
      lock.notifyAll();
    }
    if (v023) {
      String token = UUID.randomUUID().toString();
      synchronized (lock) {
        conn.reattachToken = token;
      }
      conn.send(Frames.workerRegistered(conn.id(), token));
    } else {
      conn.send(Frames.workerRegistered(conn.id()));
    }
    LOG.info("worker {} connected", conn.id());
    triggerHub.fireWorkersAvailable("worker_connected", conn.id());
  }

  /** The clean-up of ENGINE §3.3, in its order. Runs once per connection. */
  public void onDisconnected(WorkerConnection conn) {
    if (!conn.tryMarkClosed()) {
      return; // the writer is stopped first; frames queued to this worker from now on are lost
    }
    synchronized (conn) {
      conn.buffered.clear(); // registrations never applied die with the connection
      if (conn.graceTimer != null) {
        conn.graceTimer.cancel();
      }
    }
    String namespace = conn.namespaceOrDefault();
    boolean functionsChanged = false;
    synchronized (lock) {
      // 1. functions this connection still owns (an id taken over by a later registrant stays)
      for (String id : conn.functionIds) {
        String key = Namespaces.key(namespace, id);
        FunctionEntry f = functions.get(key);
        if (f != null && conn.id().equals(f.owner())) {
          removeFunction(key);
          functionsChanged = true;
        }
      }
    }
    if (functionsChanged) {
      triggerHub.fireFunctionsAvailable();
    }
    // 2. HTTP-invoked functions (internal/http) are owned entries of `functions`: removed by step 1 above.
    // 3. pending invocations executed or awaited by this worker
    router.haltAll(conn);
    // 4. and 5. triggers it registered, then trigger types it provided
    triggerHub.onDisconnected(conn);
    // 6. channels: engine::channels::create makes ownerless channels (they outlive their creator), so nothing.
    synchronized (lock) {
      workers.remove(conn.id()); // 7.
      lock.notifyAll();
    }
    LOG.info("worker {} disconnected", conn.id());
    triggerHub.fireWorkersAvailable("worker_disconnected", conn.id()); // 8.
  }

  // ---------------------------------------------------------------- inbound frames

  /** Handles one text frame (or binary frame without a telemetry prefix) from a worker socket. */
  public CompletionStage<Void> onText(WorkerConnection conn, String text) {
    if (text.isBlank()) {
      return DONE; // empty or whitespace-only frames are skipped
    }
    Inbound message;
    try {
      message = WireDecoder.decode(Json.parse(text), v023);
    } catch (DecodeException e) {
      return drop(conn, text, e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return drop(conn, text, "invalid JSON: " + e.getOriginalMessage());
    }
    recordings.accepted();
    try {
      return handle(conn, message);
    } catch (RuntimeException e) {
      // A bug in the test engine must not kill the worker's socket; it is logged loudly instead.
      LOG.error("test engine failed to handle {} from worker {}", message.getClass().getSimpleName(), conn.id(), e);
      return DONE;
    }
  }

  /** Handles a binary frame from a worker socket: telemetry if prefixed, otherwise a JSON message. */
  public CompletionStage<Void> onBinary(WorkerConnection conn, byte[] bytes) {
    if (Telemetry.isTelemetry(bytes)) {
      Telemetry.record(recordings, "/", bytes);
      return DONE;
    }
    return onText(conn, new String(bytes, StandardCharsets.UTF_8));
  }

  private CompletionStage<Void> drop(WorkerConnection conn, String text, String reason) {
    // Logged and dropped with nothing sent back, as the real engine does (ENGINE §2.1).
    LOG.warn("dropping undecodable frame from worker {}: {} ({})", conn.id(), abbreviate(text), reason);
    recordings.dropped(new Recordings.Dropped(conn.id().toString(), "/", text, reason));
    return DONE;
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…(" + text.length() + " chars)";
  }

  private CompletionStage<Void> handle(WorkerConnection conn, Inbound message) {
    if (!v023) {
      return handleNow(conn, message);
    }
    if (message instanceof Inbound.Reattach m) {
      return reattach(conn, m);
    }
    if (isRegistration(message) && bufferedUntilNamespace(conn, message)) {
      return DONE;
    }
    CompletionStage<Void> handled = handleNow(conn, message);
    // engine::workers::register runs inline above: once it resolved the namespace, apply what waited for it
    // before the next frame is read, so the worker's order is kept.
    return handled.thenCompose(v -> drainBuffered(conn));
  }

  // ---------------------------------------------------------------- 0.23: reattach and registration buffering

  private static boolean isRegistration(Inbound m) {
    return m instanceof Inbound.RegisterFunction || m instanceof Inbound.UnregisterFunction
        || m instanceof Inbound.RegisterService || m instanceof Inbound.RegisterTrigger
        || m instanceof Inbound.UnregisterTrigger || m instanceof Inbound.RegisterTriggerType;
  }

  /** Buffers a registration while the connection's namespace is unknown (PROTOCOL §10.3); false = apply now. */
  private boolean bufferedUntilNamespace(WorkerConnection conn, Inbound message) {
    synchronized (conn) {
      if (conn.rejected) {
        return true; // refused worker, closing: nothing it registers is applied
      }
      if (conn.namespace != null) {
        return false;
      }
      conn.buffered.add(message);
      if (conn.graceTimer != null) {
        return true;
      }
      conn.graceTimer = () -> {}; // placeholder until scheduled below, so only one timer starts
    }
    // Scheduled outside the connection's monitor: a manual clock may run the task inline, and applying
    // registrations takes the engine lock (which is never taken inside a connection's monitor).
    dev.iii.testkit.EngineClock.Scheduled timer = clock.schedule(namespaceGrace, () -> onGraceExpired(conn));
    synchronized (conn) {
      if (conn.namespace == null) {
        conn.graceTimer = timer;
      } else {
        timer.cancel();
      }
    }
    return true;
  }

  private void onGraceExpired(WorkerConnection conn) {
    synchronized (conn) {
      if (conn.namespace != null || conn.rejected || conn.isClosed()) {
        return;
      }
      conn.namespace = Namespaces.DEFAULT;
    }
    LOG.info("worker {} did not call engine::workers::register within {}: registrations applied in default",
        conn.id(), namespaceGrace);
    // Runs beside the read loop; frames read from now on are applied directly (a race only at the grace edge).
    drainBuffered(conn).whenComplete((v, ex) -> {
      if (ex != null) {
        LOG.error("applying buffered registrations of worker {} failed", conn.id(), ex);
      }
    });
  }

  /** Applies the buffered registrations in order, if the namespace is known. */
  private CompletionStage<Void> drainBuffered(WorkerConnection conn) {
    List<Inbound> pending;
    synchronized (conn) {
      if (conn.namespace == null || conn.buffered.isEmpty()) {
        return DONE;
      }
      pending = new ArrayList<>(conn.buffered);
      conn.buffered.clear();
    }
    CompletionStage<Void> chain = DONE;
    for (Inbound m : pending) {
      chain = chain.thenCompose(v -> handleNow(conn, m));
    }
    return chain;
  }

  /**
   * Resolves the connection's namespace from {@code engine::workers::register} and claims its worker name
   * (one live worker per (namespace, name)). On a conflict the worker gets {@code registrationrejected
   * WORKER_NAMESPACE_CONFLICT} and is closed; the return value is then the holder's id, otherwise null.
   */
  @Nullable UUID claimWorkerNamespace(UUID workerId, String requestedNamespace, @Nullable String name) {
    WorkerConnection conn;
    WorkerConnection holder = null;
    String namespace;
    synchronized (lock) {
      conn = workers.get(workerId);
      if (conn == null) {
        return null;
      }
      synchronized (conn) {
        // The first resolution wins: registrations were already applied in it.
        namespace = conn.namespace != null ? conn.namespace : requestedNamespace;
      }
      if (name != null) {
        for (WorkerConnection w : workers.values()) {
          if (w != conn && !w.isClosed() && name.equals(w.name) && namespace.equals(w.namespaceOrDefault())) {
            holder = w;
            break;
          }
        }
      }
    }
    synchronized (conn) {
      if (holder != null) {
        conn.rejected = true;
        conn.buffered.clear();
      } else if (conn.namespace == null) {
        conn.namespace = namespace;
      }
      if (conn.graceTimer != null) {
        conn.graceTimer.cancel();
      }
    }
    if (holder == null) {
      return null;
    }
    LOG.warn("worker {} refused: worker name {} is held by {} in namespace {}", workerId, name, holder.id(), namespace);
    conn.sendThenClose(Frames.registrationRejected("WORKER_NAMESPACE_CONFLICT", namespace, name, null,
        holder.id().toString()));
    return holder.id();
  }

  /**
   * {@code reattach}: with the previous connection's token, that connection is evicted and its clean-up done
   * before the next frame is read; otherwise ignored (PROTOCOL §10.2).
   */
  private CompletionStage<Void> reattach(WorkerConnection conn, Inbound.Reattach m) {
    UUID previous;
    try {
      previous = Uuids.parse(m.previousWorkerId());
    } catch (IllegalArgumentException e) {
      LOG.info("reattach from worker {} ignored: {} is not a worker id", conn.id(), m.previousWorkerId());
      return DONE;
    }
    WorkerConnection old;
    synchronized (lock) {
      old = workers.get(previous);
    }
    if (old == null || old == conn || old.reattachToken == null || !old.reattachToken.equals(m.reattachToken())) {
      LOG.info("reattach from worker {} to {} ignored (unknown connection or token mismatch)", conn.id(), previous);
      return DONE;
    }
    LOG.info("worker {} reattaches: evicting its previous connection {}", conn.id(), previous);
    old.close(); // a Close frame: the stale socket is usually dead already, and an abort only adds log noise
    onDisconnected(old); // synchronous; a no-op if the socket's own clean-up already runs elsewhere
    // When that other clean-up is still running, wait for it (up to 5 s, as the engine does) off the read loop.
    return CompletableFuture.runAsync(() -> {
      try {
        awaitState(() -> !workers.containsKey(previous), Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, executor);
  }

  // ---------------------------------------------------------------- message dispatch

  private CompletionStage<Void> handleNow(WorkerConnection conn, Inbound message) {
    if (message instanceof Inbound.InvokeFunction m) {
      router.invokeFromWorker(conn, m); // spawned: the read loop goes on at once
      return DONE;
    } else if (message instanceof Inbound.InvocationResult m) {
      router.onResult(conn, m);
      return DONE;
    } else if (message instanceof Inbound.RegisterFunction m) {
      registerFunction(conn, m);
      return DONE;
    } else if (message instanceof Inbound.UnregisterFunction m) {
      unregisterFunction(conn, m.id());
      return DONE;
    } else if (message instanceof Inbound.RegisterService m) {
      registerService(m);
      return DONE;
    } else if (message instanceof Inbound.RegisterTriggerType m) {
      return triggerHub.registerTriggerType(conn, m);
    } else if (message instanceof Inbound.RegisterTrigger m) {
      return triggerHub.registerTrigger(conn, m);
    } else if (message instanceof Inbound.UnregisterTrigger m) {
      return triggerHub.unregisterTrigger(m.id());
    } else if (message instanceof Inbound.TriggerRegistrationResult m && v023) {
      triggerHub.onRegistrationResult(conn, m);
      return DONE;
    } else if (message instanceof Inbound.TriggerRegistrationResult m) {
      LOG.debug("triggerregistrationresult for {} from worker {} ignored (error: {})", m.id(), conn.id(), m.error());
      return DONE;
    } else if (message instanceof Inbound.Ping) {
      return conn.send(Frames.pong()).thenApply(ok -> null);
    }
    return DONE; // pong and workerregistered from a worker are ignored
  }

  // ---------------------------------------------------------------- functions and services (ENGINE §4.1, §4.6)

  private void registerFunction(WorkerConnection conn, Inbound.RegisterFunction m) {
    @Nullable BuiltinFunction httpCall = null; // an HTTP-invoked function: owned by conn, executed by the engine
    if (m.invocation() != null) {
      var module = httpFunctions;
      if (module == null) {
        // The real engine needs the non-default iii-http-functions module for these and ignores them without it.
        LOG.warn("HTTP-invoked function {} ignored: the iii-http-functions module is not enabled", m.id());
        return;
      }
      httpCall = module.apply(m.id(), m.invocation());
      if (httpCall == null) {
        return; // rejected (bad URL, missing env var): only logged, the worker is never told (ENGINE §10.2)
      }
    }
    boolean newId;
    String namespace = conn.namespaceOrDefault();
    String key = Namespaces.key(namespace, m.id());
    synchronized (lock) {
      FunctionEntry previous = functions.get(key);
      if (v023) {
        String owner = conflictingOwner(conn, namespace, m.id(), previous);
        if (owner != null) {
          LOG.warn("function {} of worker {} refused in namespace {}: owned by {}", m.id(), conn.id(), namespace,
              owner.isEmpty() ? "the engine" : owner);
          conn.send(Frames.registrationRejected("FUNCTION_NAMESPACE_CONFLICT", namespace, null, m.id(), owner));
          return; // the connection stays up (PROTOCOL §10.2)
        }
      }
      newId = previous == null;
      if (previous != null && !conn.id().equals(previous.owner())) {
        LOG.warn("function {} re-registered by worker {}: the last registrant wins", m.id(), conn.id());
      }
      if (previous != null) {
        removeFromService(m.id());
      }
      functions.put(key, new FunctionEntry(m.id(), m.description(), m.requestFormat(), m.responseFormat(),
          m.metadata(), conn.id(), httpCall));
      addToService(m.id());
      conn.functionIds.add(m.id());
      lock.notifyAll();
    }
    if (newId) {
      triggerHub.fireFunctionsAvailable(); // only a change of the set of ids counts (ENGINE §5.12)
    }
  }

  /**
   * 0.23 first-live-owner-wins: the owner id refusing this registration ("" for the engine's own ids), or null
   * when the connection may take it.
   */
  private @Nullable String conflictingOwner(WorkerConnection conn, String namespace, String id,
      @Nullable FunctionEntry previous) {
    if (!Namespaces.DEFAULT.equals(namespace) && id.startsWith("engine::")) {
      return "";
    }
    if (previous == null || conn.id().equals(previous.owner())) {
      return null;
    }
    if (previous.owner() == null) {
      return ""; // a built-in
    }
    WorkerConnection owner = workers.get(previous.owner());
    return owner != null && !owner.isClosed() ? previous.owner().toString() : null;
  }

  private void unregisterFunction(WorkerConnection conn, String id) {
    boolean removed = false;
    String key = Namespaces.key(conn.namespaceOrDefault(), id);
    synchronized (lock) {
      conn.functionIds.remove(id);
      FunctionEntry f = functions.get(key);
      if (f != null && conn.id().equals(f.owner())) {
        removeFunction(key);
        removed = true;
      }
    }
    if (removed) {
      triggerHub.fireFunctionsAvailable();
    }
  }

  /** Adds an engine built-in (no owner). Called at start and by later modules. */
  public void registerBuiltin(String id, @Nullable String description, BuiltinFunction fn) {
    synchronized (lock) {
      functions.put(id, new FunctionEntry(id, description, null, null, null, null, fn));
      addToService(id);
      lock.notifyAll();
    }
  }

  private void removeFunction(String key) {
    FunctionEntry removed = functions.remove(key);
    if (removed != null) {
      removeFromService(removed.id());
    }
    lock.notifyAll();
  }

  private void addToService(String functionId) {
    int sep = functionId.indexOf("::");
    if (sep < 0) {
      return;
    }
    String service = functionId.substring(0, sep);
    services.computeIfAbsent(service, s -> new ServiceEntry(s, s, null)).functions.add(functionId.substring(sep + 2));
  }

  private void removeFromService(String functionId) {
    int sep = functionId.indexOf("::");
    if (sep < 0) {
      return;
    }
    ServiceEntry s = services.get(functionId.substring(0, sep));
    if (s != null && s.functions.remove(functionId.substring(sep + 2)) && s.functions.isEmpty()) {
      services.remove(s.name);
    }
  }

  private void registerService(Inbound.RegisterService m) {
    String name = m.name().isEmpty() ? m.id() : m.name();
    synchronized (lock) {
      // An overwrite starts with an empty function set, as on the engine.
      services.put(name, new ServiceEntry(m.id(), name, m.parentServiceId()));
    }
  }

  // ---------------------------------------------------------------- lookups for the router and built-ins

  @Nullable FunctionEntry function(String id) {
    synchronized (lock) {
      return functions.get(id);
    }
  }

  /** A function of a namespace (0.23); {@code default} is the 0.11.6 registry. */
  @Nullable FunctionEntry function(String namespace, String id) {
    synchronized (lock) {
      return functions.get(Namespaces.key(namespace, id));
    }
  }

  /** The namespaces in which a function with this id exists (for 0.23's not-found hint). */
  List<String> namespacesOf(String id) {
    synchronized (lock) {
      List<String> found = new ArrayList<>();
      functions.forEach((key, f) -> {
        if (f.id().equals(id)) {
          found.add(Namespaces.namespaceOf(key));
        }
      });
      return found;
    }
  }

  @Nullable WorkerConnection worker(@Nullable UUID id) {
    if (id == null) {
      return null;
    }
    synchronized (lock) {
      return workers.get(id);
    }
  }

  /** Blocks until a function with this id is registered (by a worker or built in), or the timeout passes. */
  public boolean awaitFunction(String id, Duration timeout) throws InterruptedException {
    return awaitState(() -> functions.containsKey(id), timeout);
  }

  /** Blocks until {@code condition} (evaluated under the engine lock) holds, or the timeout passes. */
  public boolean awaitState(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // Woken by notifyAll on every registry change; the bound only guards against a missed signal.
        lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- snapshots for introspection

  public List<WorkerConnection> workerSnapshot() {
    synchronized (lock) {
      return new ArrayList<>(workers.values());
    }
  }

  /** Copies the worker's mutable metadata under the lock. */
  public WorkerView view(WorkerConnection c) {
    synchronized (lock) {
      return new WorkerView(c, c.runtime, c.version, c.name, c.os, c.pid, c.isolation, List.copyOf(c.functionIds),
          c.pendingInvocations.size());
    }
  }

  /** A consistent copy of one worker's state. */
  public record WorkerView(WorkerConnection connection, @Nullable String runtime, @Nullable String version,
      @Nullable String name, @Nullable String os, @Nullable Long pid, @Nullable String isolation,
      List<String> functionIds, int activeInvocations) {}

  public List<FunctionEntry> functionSnapshot(Predicate<FunctionEntry> filter) {
    synchronized (lock) {
      return functions.values().stream().filter(filter).toList();
    }
  }

  /** Worker-registered functions of one namespace (0.23; everything is in {@code default} in 0.11.6). */
  public List<FunctionEntry> functionsIn(String namespace) {
    synchronized (lock) {
      List<FunctionEntry> out = new ArrayList<>();
      functions.forEach((key, f) -> {
        if (f.owner() != null && Namespaces.namespaceOf(key).equals(namespace)) {
          out.add(f);
        }
      });
      return out;
    }
  }

  /** A live connection's namespace: null while 0.23 still buffers its registrations, {@code default} in 0.11.6. */
  public @Nullable String namespaceOf(WorkerConnection conn) {
    if (!v023) {
      return Namespaces.DEFAULT;
    }
    synchronized (conn) {
      return conn.namespace;
    }
  }

  public List<TriggerEntry> triggerSnapshot() {
    synchronized (lock) {
      return new ArrayList<>(triggers.values());
    }
  }

  public List<TriggerTypeEntry> triggerTypeSnapshot() {
    synchronized (lock) {
      return new ArrayList<>(triggerTypes.values());
    }
  }

  /** Services as (id, name, parent) triples. */
  public List<String[]> serviceSnapshot() {
    synchronized (lock) {
      return services.values().stream().map(s -> new String[] {s.id, s.name, s.parentServiceId}).toList();
    }
  }

  /** Updates a worker's metadata (engine::workers::register); false if no such worker is connected. */
  boolean updateMetadata(UUID workerId, ObjectNode input) {
    synchronized (lock) {
      WorkerConnection c = workers.get(workerId);
      if (c == null) {
        return false;
      }
      c.runtime = textOr(input.get("runtime"), "unknown");
      c.version = textOr(input.get("version"), null);
      if (present(input.get("name"))) {
        c.name = input.get("name").asText();
      }
      if (present(input.get("os"))) {
        c.os = input.get("os").asText();
      }
      if (present(input.get("pid"))) {
        c.pid = input.get("pid").asLong();
      }
      if (present(input.get("isolation"))) {
        c.isolation = input.get("isolation").asText();
      }
      JsonNode telemetry = input.get("telemetry");
      c.telemetry = present(telemetry) ? telemetry : null;
      return true;
    }
  }

  private static boolean present(@Nullable JsonNode n) {
    return n != null && !n.isNull();
  }

  private static @Nullable String textOr(@Nullable JsonNode n, @Nullable String fallback) {
    return present(n) ? n.asText() : fallback;
  }
}
