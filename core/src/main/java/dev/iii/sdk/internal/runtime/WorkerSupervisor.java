package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.BackpressureException;
import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionLostException;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.EngineErrorException;
import dev.iii.sdk.IIIException;
import dev.iii.sdk.ShutdownException;
import dev.iii.sdk.WorkerFailedException;
import dev.iii.sdk.internal.Backoff;
import dev.iii.sdk.internal.wire.WireMessage;
import dev.iii.sdk.internal.ws.WsUpgrade;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state machine of one worker (DESIGN §3): DISCONNECTED → CONNECTING → CONNECTED → RECONNECTING → …
 * → FAILED; CLOSED by shutdown. Every connection has an epoch; events of an older epoch never move the machine. It
 * owns the buffer of calls made while not connected, spawns the FunctionActors and the invocation shards, and runs
 * the shutdown sequence.
 */
final class WorkerSupervisor extends AbstractBehavior<WorkerSupervisor.Command> {
  private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(10);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

  interface Command {}

  /** Connect (first time, or again after FAILED); {@code waiter} completes when CONNECTED. */
  record Connect(CompletableFuture<Void> waiter) implements Command {}

  record Shutdown(CompletableFuture<Void> drained) implements Command {}

  record BufferCall(PendingCall call) implements Command {}

  record BufferVoid(WireMessage.InvokeFunction msg) implements Command {}

  record SpawnFunction(FunctionEntry entry) implements Command {}

  record RetireFunction(FunctionEntry entry) implements Command {}

  record Deliver(FunctionEntry entry, FunctionActor.Invoke invoke) implements Command {}

  record Registered(long epoch, String workerId, @Nullable String reattachToken) implements Command {}

  record EngineErrorFrame(long epoch, WireMessage.ErrorBody error) implements Command {}

  record Rejected(long epoch, WireMessage.RegistrationRejected msg) implements Command {}

  /**
   * Runs {@code action} on the supervisor (spawning a child, or reaching one once spawned): lets the trigger registry
   * keep its children under this actor without more commands here.
   */
  record InContext(java.util.function.Consumer<ActorContext<Command>> action) implements Command {}

  private record Upgraded(long epoch, @Nullable WsUpgrade response, @Nullable Throwable error)
      implements Command {}

  private record Ended(long epoch, @Nullable Throwable cause) implements Command {}

  private record HandshakeTimedOut(long epoch) implements Command {}

  private record RetryNow(long epoch) implements Command {}

  private record Replayed(long epoch) implements Command {}

  private enum Tick implements Command {
    PING,
    DRAIN,
    FLUSHED,
    CLOSE_TIMEOUT
  }

  private enum Phase {
    IDLE,
    ATTEMPTING,
    CONNECTED,
    WAITING_RETRY,
    FAILED,
    CLOSING
  }

  private final WorkerCore core;
  private final TimerScheduler<Command> timers;
  private final ArrayDeque<Object> buffer = new ArrayDeque<>();
  private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
  private final List<CompletableFuture<Void>> drainedWaiters = new ArrayList<>();
  private final Props actorProps;

  private Phase phase = Phase.IDLE;
  private long epoch;
  private ConnectionStream.@Nullable Opened current;
  private int retries;
  private @Nullable String lastWorkerId;
  private @Nullable String lastReattachToken;
  private @Nullable Throwable lastCause;
  /**
   * Whether a connection reached CONNECTED since the worker was started or restarted from FAILED: the next
   * {@code workerregistered} is then a RECONNECTED event rather than CONNECTED (as NATS reports it).
   */
  private boolean connectedSinceStart;
  /** Why the machine is FAILED (null otherwise): calls made then fail at once with it instead of waiting. */
  private @Nullable WorkerFailedException failure;
  private long drainDeadlineNanos;
  private long functionSeq;

  static Behavior<Command> create(WorkerCore core) {
    return Behaviors.<Command>supervise(
            Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new WorkerSupervisor(ctx, timers, core))))
        // An SDK bug must not lose the worker's state: resume keeps the machine and its children as they are.
        .onFailure(SupervisorStrategy.resume());
  }

  private WorkerSupervisor(ActorContext<Command> ctx, TimerScheduler<Command> timers, WorkerCore core) {
    super(ctx);
    this.core = core;
    this.timers = timers;
    this.actorProps =
        core.system.settings().config().hasPath(core.dispatcher)
            ? DispatcherSelector.fromConfig(core.dispatcher)
            : Props.empty();
    List<ActorRef<InvocationShard.Command>> shards = new ArrayList<>();
    for (int k = 0; k < core.settings.invocationShards(); k++) {
      shards.add(ctx.spawn(InvocationShard.shard(core), "invocations-" + k, actorProps));
    }
    core.shards = List.copyOf(shards);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, this::onConnect)
        .onMessage(Upgraded.class, this::onUpgraded)
        .onMessage(Registered.class, this::onRegistered)
        .onMessage(Ended.class, e -> onEnded(e.epoch(), e.cause()))
        .onMessage(HandshakeTimedOut.class, this::onHandshakeTimedOut)
        .onMessage(RetryNow.class, this::onRetryNow)
        .onMessage(Replayed.class, this::onReplayed)
        .onMessage(BufferCall.class, this::onBufferCall)
        .onMessage(BufferVoid.class, this::onBufferVoid)
        .onMessage(SpawnFunction.class, this::onSpawnFunction)
        .onMessage(RetireFunction.class, this::onRetireFunction)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(EngineErrorFrame.class, this::onEngineError)
        .onMessage(Rejected.class, this::onRejected)
        .onMessage(InContext.class, c -> {
          c.action().accept(getContext());
          return this;
        })
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessageEquals(Tick.PING, this::onPing)
        .onMessageEquals(Tick.DRAIN, this::onDrainTick)
        .onMessageEquals(Tick.FLUSHED, this::closeSocket)
        .onMessageEquals(Tick.CLOSE_TIMEOUT, this::finishShutdown)
        .build();
  }

  // ---- connecting ------------------------------------------------------------------------------------------

  private Behavior<Command> onConnect(Connect c) {
    switch (phase) {
      case CONNECTED -> c.waiter().complete(null);
      case CLOSING -> c.waiter().completeExceptionally(new ShutdownException("worker is shut down", null, null));
      case IDLE, FAILED -> {
        connectWaiters.add(c.waiter());
        retries = 0;
        connectedSinceStart = false;
        startAttempt();
      }
      default -> connectWaiters.add(c.waiter());
    }
    return this;
  }

  private void startAttempt() {
    long e = ++epoch;
    ConnectionStream.Opened opened;
    try {
      synchronized (core.registryLock) {
        List<WireMessage> replay = core.replaySnapshot(lastWorkerId, lastReattachToken);
        opened = ConnectionStream.open(core, e, replay, getContext().getSelf());
        core.controlLanes = opened.lanes();
      }
    } catch (RuntimeException ex) {
      log.warn("could not start a connection to {}: {}", core.url, ex.toString());
      phase = Phase.ATTEMPTING;
      current = null;
      scheduleRetry(ex);
      return;
    }
    current = opened;
    phase = Phase.ATTEMPTING;
    setState(ConnectionState.CONNECTING, ConnectionEvent.Kind.CONNECTING, lastCause);
    getContext().pipeToSelf(opened.upgrade(), (resp, err) -> new Upgraded(e, resp, err));
    getContext().pipeToSelf(opened.ended(), (done, err) -> new Ended(e, err));
    timers.startSingleTimer("handshake", new HandshakeTimedOut(e), core.settings.handshakeTimeout());
  }

  private boolean isCurrent(long e) {
    return current != null && current.lanes().epoch == e;
  }

  private Behavior<Command> onUpgraded(Upgraded u) {
    if (!isCurrent(u.epoch())) {
      return this;
    }
    if (u.error() != null) {
      // A refused upgrade (non-101, failed RFC 6455 checks) arrives here as a WsUpgradeException with the status.
      return onEnded(u.epoch(), u.error());
    }
    return this; // CONNECTED only once workerregistered arrives
  }

  private Behavior<Command> onRegistered(Registered r) {
    if (!isCurrent(r.epoch()) || phase != Phase.ATTEMPTING) {
      return this;
    }
    timers.cancel("handshake");
    retries = 0;
    lastCause = null;
    lastWorkerId = r.workerId();
    lastReattachToken = r.reattachToken();
    core.workerId = r.workerId();
    core.telemetryHub.onWorkerId(r.workerId()); // the gauges' worker.id (PROTOCOL §9.3)
    phase = Phase.CONNECTED;
    core.callLanes = current.lanes();
    drainBuffer();
    timers.startTimerWithFixedDelay("ping", Tick.PING, core.settings.pingInterval());
    setState(
        ConnectionState.CONNECTED,
        connectedSinceStart ? ConnectionEvent.Kind.RECONNECTED : ConnectionEvent.Kind.CONNECTED,
        null);
    connectedSinceStart = true;
    connectWaiters.forEach(w -> core.onCallbackExecutor(() -> w.complete(null)));
    connectWaiters.clear();
    long e = r.epoch();
    getContext().pipeToSelf(registrationBarrier(core), (v, err) -> new Replayed(err == null ? e : -1));
    return this;
  }

  /** A synchronous built-in call after the replay: its answer proves the engine processed everything before it. */
  static CompletableFuture<Void> registrationBarrier(WorkerCore core) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    String id = core.workerId;
    if (id != null) {
      data.put("worker_id", id);
    }
    // On the control lane, behind every registration sent before it (a call on the calls lane can overtake them).
    PendingCall call =
        InvocationShard.startBarrier(core, "engine::workers::list", data, core.settings.invocationTimeout());
    // Any answer, error included (e.g. FORBIDDEN under RBAC), proves the ordering.
    return call.future.handle(
        (v, err) -> {
          Throwable e = err == null ? null : Errors.unwrap(err);
          if (e instanceof dev.iii.sdk.InvocationException ie
              && !(e instanceof ConnectionLostException)
              && !(e instanceof ShutdownException)
              && !(e instanceof dev.iii.sdk.InvocationTimeoutException)
              && !(e instanceof BackpressureException)) {
            return null;
          }
          if (e != null) {
            throw new java.util.concurrent.CompletionException(e);
          }
          return null;
        });
  }

  private Behavior<Command> onReplayed(Replayed r) {
    if (r.epoch() == epoch && phase == Phase.CONNECTED) {
      core.fire(ConnectionEvent.Kind.RE_REGISTERED, null);
      core.triggerRegistry.onReplayed(r.epoch()); // trigger types retire triggers the replay did not re-send
    }
    return this;
  }

  private Behavior<Command> onHandshakeTimedOut(HandshakeTimedOut h) {
    if (!isCurrent(h.epoch()) || phase != Phase.ATTEMPTING) {
      return this;
    }
    return onEnded(
        h.epoch(),
        new IIIException(
            "no workerregistered within the handshake timeout of " + core.settings.handshakeTimeout().toMillis()
                + "ms"));
  }

  /** The current connection (or attempt) is over, for whatever reason. */
  private Behavior<Command> onEnded(long e, @Nullable Throwable cause) {
    if (!isCurrent(e)) {
      return this;
    }
    ConnectionStream.Opened ended = current;
    current = null;
    boolean wasConnected = phase == Phase.CONNECTED;
    timers.cancel("handshake");
    timers.cancel("ping");
    core.callLanes = null;
    synchronized (core.registryLock) {
      core.controlLanes = null;
    }
    ended.lanes().completeAll();
    ended.lanes().killSwitch.abort(new IIIException("connection epoch " + e + " ended"));
    Throwable why = cause != null ? cause : new IIIException("connection closed");
    // A written call is never re-sent (that is how no handler runs twice): it fails now.
    for (PendingCall call : List.copyOf(core.pending.values())) {
      if (call.writtenEpoch == e) {
        core.failCall(
            call,
            new ConnectionLostException(
                "connection to the engine lost after the call was written: " + why.getMessage(),
                null,
                call.functionId,
                call.invocationId.toString(),
                why));
      }
    }
    if (phase == Phase.CLOSING) {
      return finishShutdown();
    }
    if (wasConnected) {
      log.warn("connection to {} lost: {}", core.url, why.toString());
      disconnected(why);
    } else {
      log.info("connection attempt to {} failed: {}", core.url, why.toString());
      forgetWorkerId();
    }
    scheduleRetry(why);
    return this;
  }

  /**
   * An established connection is gone: listeners hear DISCONNECTED once, with the id it had (so the id is cleared
   * only after firing), before the RECONNECTING or FAILED that follows.
   */
  private void disconnected(Throwable why) {
    setState(ConnectionState.DISCONNECTED, ConnectionEvent.Kind.DISCONNECTED, why);
    forgetWorkerId();
  }

  private void forgetWorkerId() {
    core.workerId = null;
    core.telemetryHub.onWorkerId(null); // no points while the id is unknown; the next one is new
  }

  private void scheduleRetry(Throwable cause) {
    lastCause = cause;
    core.lastConnectFailure = cause;
    if (!Backoff.mayRetry(core.settings.reconnection(), retries)) {
      toFailed(
          new WorkerFailedException(
              "could not connect to " + core.url + " after " + retries + " retries: " + cause.getMessage(), cause));
      return;
    }
    Duration delay = Backoff.delay(core.settings.reconnection(), retries);
    retries++;
    phase = Phase.WAITING_RETRY;
    setState(ConnectionState.RECONNECTING, ConnectionEvent.Kind.RECONNECTING, cause);
    timers.startSingleTimer("retry", new RetryNow(epoch), delay);
  }

  private void toFailed(WorkerFailedException failure) {
    phase = Phase.FAILED;
    this.failure = failure;
    timers.cancel("retry");
    // No connection will come without connectAsync(): calls buffered while retrying would otherwise wait for
    // their timeout with nothing to say why. They fail now, with the reason.
    while (!buffer.isEmpty()) {
      Object o = buffer.poll();
      if (o instanceof PendingCall call) {
        core.failCall(call, failedCall(failure));
      } else if (o instanceof WireMessage.InvokeFunction msg) {
        log.warn("fire-and-forget call of {} dropped: {}", msg.functionId(), failure.getMessage());
      }
    }
    setState(ConnectionState.FAILED, ConnectionEvent.Kind.FAILED, failure);
    connectWaiters.forEach(w -> core.onCallbackExecutor(() -> w.completeExceptionally(failure)));
    connectWaiters.clear();
  }

  private Behavior<Command> onRetryNow(RetryNow r) {
    if (phase == Phase.WAITING_RETRY && r.epoch() == epoch) {
      startAttempt();
    }
    return this;
  }

  private Behavior<Command> onEngineError(EngineErrorFrame f) {
    if (!isCurrent(f.epoch())) {
      return this;
    }
    // The engine follows this frame with a Close; the reconnect loop (with backoff) handles that.
    log.error("engine refused the connection: {}: {}", f.error().code(), f.error().message());
    lastCause = new EngineErrorException(f.error().code(), f.error().message());
    core.fire(ConnectionEvent.Kind.ENGINE_ERROR, lastCause);
    return this;
  }

  private Behavior<Command> onRejected(Rejected r) {
    if (!isCurrent(r.epoch())) {
      return this;
    }
    WireMessage.RegistrationRejected m = r.msg();
    IIIException why =
        new IIIException(
            "engine rejected a registration: " + m.code()
                + (m.functionId() != null ? " (function " + m.functionId() + ")" : "")
                + (m.ownerWorkerId() != null ? " (owned by worker " + m.ownerWorkerId() + ")" : "")
                + (m.workerName() != null ? " (worker name " + m.workerName() + ")" : "")
                + (m.namespace() != null ? " (namespace " + m.namespace() + ")" : ""));
    core.fire(ConnectionEvent.Kind.REGISTRATION_REJECTED, why);
    if (m.functionId() != null) {
      log.warn("{}", why.getMessage());
      return this;
    }
    // A worker-level conflict is fatal (PROTOCOL §10.5): stop reconnecting.
    log.error("{}; not reconnecting", why.getMessage());
    boolean wasConnected = phase == Phase.CONNECTED;
    ConnectionStream.Opened c = current;
    current = null;
    core.callLanes = null;
    synchronized (core.registryLock) {
      core.controlLanes = null;
    }
    c.lanes().completeAll();
    c.lanes().killSwitch.shutdown();
    if (wasConnected) {
      disconnected(why);
    } else {
      forgetWorkerId();
    }
    toFailed(new WorkerFailedException(why.getMessage(), why));
    return this;
  }

  private Behavior<Command> onPing() {
    if (phase == Phase.CONNECTED && current != null) {
      current.lanes().sendReply(new WireMessage.Ping());
    }
    return this;
  }

  private void setState(ConnectionState s, ConnectionEvent.Kind kind, @Nullable Throwable cause) {
    core.state = s;
    core.fire(kind, cause);
  }

  // ---- calls while disconnected ----------------------------------------------------------------------------

  private static WorkerFailedException failedCall(WorkerFailedException failure) {
    return new WorkerFailedException(
        "worker is FAILED (call connectAsync() to reconnect): " + failure.getMessage(), failure);
  }

  private Behavior<Command> onBufferCall(BufferCall b) {
    PendingCall call = b.call();
    if (phase == Phase.CLOSING) {
      core.failCall(call, new ShutdownException("worker is shutting down", call.functionId, call.invocationId.toString()));
    } else if (phase == Phase.CONNECTED) {
      core.offerCall(call, current.lanes());
    } else if (phase == Phase.FAILED && failure != null) {
      core.failCall(call, failedCall(failure));
    } else if (buffer.size() >= core.settings.disconnectedBuffer()) {
      core.failCall(
          call,
          new BackpressureException(
              "the buffer for calls made while disconnected is full (iii.lanes.disconnected-buffer)",
              call.functionId,
              call.invocationId.toString()));
    } else {
      buffer.add(call);
    }
    return this;
  }

  private Behavior<Command> onBufferVoid(BufferVoid b) {
    if (phase == Phase.CLOSING) {
      log.warn("fire-and-forget call of {} dropped: worker is shutting down", b.msg().functionId());
    } else if (phase == Phase.CONNECTED) {
      current.lanes().calls.offer(b.msg());
    } else if (phase == Phase.FAILED && failure != null) {
      log.warn("fire-and-forget call of {} dropped: {}", b.msg().functionId(), failure.getMessage());
    } else if (buffer.size() >= core.settings.disconnectedBuffer()) {
      log.warn("fire-and-forget call of {} dropped: the disconnected buffer is full", b.msg().functionId());
    } else {
      buffer.add(b.msg());
    }
    return this;
  }

  private void drainBuffer() {
    Lanes lanes = current.lanes();
    while (!buffer.isEmpty()) {
      Object o = buffer.poll();
      if (o instanceof PendingCall call) {
        core.offerCall(call, lanes);
      } else if (o instanceof WireMessage.InvokeFunction msg) {
        lanes.calls.offer(msg);
      }
    }
  }

  // ---- function actors -------------------------------------------------------------------------------------

  private Behavior<Command> onSpawnFunction(SpawnFunction s) {
    String name =
        "function-" + URLEncoder.encode(s.entry().id(), StandardCharsets.UTF_8) + "-" + (++functionSeq);
    ActorRef<FunctionActor.Command> ref =
        getContext().spawn(FunctionActor.create(core, s.entry().def), name, actorProps);
    s.entry().actor = ref;
    if (phase == Phase.CLOSING) {
      ref.tell(FunctionActor.Drain.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onRetireFunction(RetireFunction r) {
    ActorRef<FunctionActor.Command> ref = r.entry().actor;
    if (ref != null) {
      ref.tell(FunctionActor.Retire.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onDeliver(Deliver d) {
    d.entry().actor.tell(d.invoke());
    return this;
  }

  // ---- shutdown --------------------------------------------------------------------------------------------

  private Behavior<Command> onShutdown(Shutdown s) {
    drainedWaiters.add(s.drained());
    if (phase == Phase.CLOSING) {
      return this;
    }
    phase = Phase.CLOSING;
    core.closing = true;
    timers.cancel("retry");
    timers.cancel("handshake");
    timers.cancel("ping");
    // 1. Stop new routing: unregister every local function; late arrivals are answered with an error.
    Lanes lanes = current != null ? current.lanes() : null;
    for (FunctionEntry f : core.registeredFunctions()) {
      if (lanes != null && lanes.epoch == epoch && core.callLanes != null) {
        lanes.sendControl(new WireMessage.UnregisterFunction(f.id()));
      }
      if (f.actor != null) {
        f.actor.tell(FunctionActor.Drain.INSTANCE);
      }
    }
    // Providers tear their live triggers down (TriggerHandler.unregisterTrigger), within the same grace.
    core.triggerRegistry.retireAll();
    // 2. Pending and buffered calls fail with SHUTDOWN.
    ShutdownException shutdown = new ShutdownException("iii is shutting down", null, null);
    core.failAllPending(
        call -> new ShutdownException("iii is shutting down", call.functionId, call.invocationId.toString()));
    buffer.clear();
    connectWaiters.forEach(w -> core.onCallbackExecutor(() -> w.completeExceptionally(shutdown)));
    connectWaiters.clear();
    // 3. Let in-flight handlers finish within the grace.
    drainDeadlineNanos = System.nanoTime() + core.settings.shutdownGrace().toNanos();
    return onDrainTick();
  }

  private Behavior<Command> onDrainTick() {
    if (core.inFlightHandlers.get() > 0 && System.nanoTime() < drainDeadlineNanos) {
      timers.startSingleTimer("drain", Tick.DRAIN, DRAIN_POLL);
      return this;
    }
    if (core.inFlightHandlers.get() > 0) {
      log.warn("{} handler(s) still running after the shutdown grace; closing anyway", core.inFlightHandlers.get());
    }
    if (current == null) {
      return finishShutdown();
    }
    // 4. Before closing, one synchronous built-in call: its answer proves the engine has processed every reply
    //    written before it (it reads a connection's frames in order), so closing cannot overtake them.
    if (core.callLanes != null) {
      PendingCall flush =
          core.startCall(
              "engine::workers::list", JsonNodeFactory.instance.objectNode(), null, FLUSH_WAIT, OutboundTrace.NONE);
      getContext().pipeToSelf(flush.future, (v, err) -> Tick.FLUSHED);
      return this;
    }
    return closeSocket();
  }

  /** 5. Close the socket after what is still buffered has been written. */
  private Behavior<Command> closeSocket() {
    if (current == null) {
      return finishShutdown();
    }
    core.callLanes = null;
    current.lanes().completeAll();
    timers.startSingleTimer("close", Tick.CLOSE_TIMEOUT, CLOSE_WAIT);
    return this;
  }

  private Behavior<Command> finishShutdown() {
    if (current != null) {
      current.lanes().killSwitch.shutdown();
      current = null;
    }
    core.callLanes = null;
    synchronized (core.registryLock) {
      core.controlLanes = null;
    }
    core.workerId = null;
    core.telemetryHub.onWorkerId(null);
    setState(ConnectionState.CLOSED, ConnectionEvent.Kind.CLOSED, null);
    drainedWaiters.forEach(w -> w.complete(null));
    drainedWaiters.clear();
    return Behaviors.stopped();
  }
}
