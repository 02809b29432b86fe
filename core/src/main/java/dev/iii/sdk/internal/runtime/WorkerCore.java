package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.BackpressureException;
import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionListener;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.III;
import dev.iii.sdk.WorkerLogger;
import dev.iii.sdk.internal.telemetry.Telemetry;
import dev.iii.sdk.internal.wire.WireMessage;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State shared by the facade, the inbound router and the actors of one worker. Everything here is thread-safe; the
 * connection state machine itself lives in {@link WorkerSupervisor}, which is the only writer of the lanes and the
 * state.
 */
final class WorkerCore {
  private static final Logger log = LoggerFactory.getLogger(WorkerCore.class);

  final String name;
  final String url;
  final RuntimeSettings settings;
  final Payloads payloads;
  final Executor handlerExecutor;
  final Executor callbackExecutor;
  final ActorSystem<?> system;
  final Materializer materializer;
  final String dispatcher;
  final WireMessage.InvokeFunction metadataCall;
  /** Called before every connection attempt: the headers may change between reconnects (expiring tokens). */
  final java.util.function.Supplier<Map<String, String>> headers;
  final javax.net.ssl.@Nullable SSLContext sslContext;
  /** The worker's telemetry (SDK, /otel socket, gauges, loggers); {@link Telemetry#disabled()} when off. */
  final Telemetry telemetryHub;
  /** The runtime's view of it: {@link TelemetrySeam#NOOP} when off, so the hot path pays nothing. */
  final TelemetrySeam telemetry;
  /** {@code iii.logger()} and, with telemetry off, {@code ctx.logger()}. */
  final WorkerLogger logger;
  /**
   * The context current when the worker was created: the parent of the replayed {@code engine::workers::register}
   * call, which the supervisor sends from a thread that has no context of its own. Root when telemetry is off.
   */
  final Context registerParent;

  /** Invocation id → waiting call (DESIGN §3: the hot path's only lookup). */
  final ConcurrentHashMap<UUID, PendingCall> pending = new ConcurrentHashMap<>();
  /** Function id → entry, read by the inbound router for every invocation. */
  final ConcurrentHashMap<String, FunctionEntry> functions = new ConcurrentHashMap<>();
  /** Handlers running now, across functions (shutdown waits for 0 within the grace). */
  final AtomicInteger inFlightHandlers = new AtomicInteger();

  /**
   * Guards the registry and the control lane together, so a registration is either in the replay snapshot of a new
   * connection or sent on it — never neither.
   */
  final Object registryLock = new Object();

  /** Trigger types provided and triggers registered by this worker (guarded by {@link #registryLock}). */
  final TriggerRegistry triggerRegistry = new TriggerRegistry(this);
  /** 0.23 refusals of this worker's triggers, shown on their {@code TriggerRef}s. */
  final TriggerRegistrationErrors triggerErrors = new TriggerRegistrationErrors();

  private final LinkedHashMap<String, FunctionEntry> registryFunctions = new LinkedHashMap<>();
  private final LinkedHashMap<String, WireMessage.RegisterService> registryServices = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

  /** The lanes of the current attempt (set when the stream is built, before CONNECTED): registrations go here. */
  volatile @Nullable Lanes controlLanes;
  /** The lanes of the current CONNECTED epoch: calls go here; null while not connected. */
  volatile @Nullable Lanes callLanes;

  volatile ConnectionState state = ConnectionState.DISCONNECTED;
  volatile @Nullable String workerId;
  /** Why the latest connection attempt failed (for the connect-timeout error message). */
  volatile @Nullable Throwable lastConnectFailure;
  /** Set first thing in shutdown: new calls and registrations fail with ShutdownException. */
  volatile boolean closing;

  volatile ActorRef<WorkerSupervisor.Command> supervisor;
  volatile List<ActorRef<InvocationShard.Command>> shards = List.of();
  volatile III facade;

  WorkerCore(
      String name,
      String url,
      RuntimeSettings settings,
      Payloads payloads,
      Executor handlerExecutor,
      Executor callbackExecutor,
      ActorSystem<?> system,
      Materializer materializer,
      String dispatcher,
      WireMessage.InvokeFunction metadataCall,
      java.util.function.Supplier<Map<String, String>> headers,
      javax.net.ssl.@Nullable SSLContext sslContext,
      Telemetry telemetryHub) {
    this.name = name;
    this.url = url;
    this.settings = settings;
    this.payloads = payloads;
    this.handlerExecutor = handlerExecutor;
    this.callbackExecutor = callbackExecutor;
    this.system = system;
    this.materializer = materializer;
    this.dispatcher = dispatcher;
    this.metadataCall = metadataCall;
    this.headers = headers;
    this.sslContext = sslContext;
    this.telemetryHub = telemetryHub;
    this.telemetry = telemetryHub.enabled() ? new OtelSeam(telemetryHub) : TelemetrySeam.NOOP;
    this.logger = telemetryHub.logger(OtelSeam.LOGGER_NAME);
    this.registerParent = telemetry.enabled() ? Context.current() : Context.root();
  }

  // ---- registry --------------------------------------------------------------------------------------------

  /** Adds a function and sends it on the current attempt's control lane if there is one. Caller holds no lock. */
  void addFunction(FunctionEntry entry) {
    synchronized (registryLock) {
      if (registryFunctions.containsKey(entry.id())) {
        throw new IllegalArgumentException("function id '" + entry.id() + "' already registered");
      }
      registryFunctions.put(entry.id(), entry);
      functions.put(entry.id(), entry);
      // The actor must exist before the engine can route an invocation to it: the supervisor spawns it, and since
      // this tell happens before the registration is written, it is in the supervisor's mailbox before any
      // invocation of the function can come back.
      if (!entry.httpInvoked()) { // the engine runs HTTP-invoked functions: no actor
        supervisor.tell(new WorkerSupervisor.SpawnFunction(entry));
      }
      Lanes lanes = controlLanes;
      if (lanes != null) {
        lanes.sendControl(entry.registerMessage);
      }
    }
  }

  /** @return whether it was registered */
  boolean removeFunction(FunctionEntry entry) {
    synchronized (registryLock) {
      if (registryFunctions.get(entry.id()) != entry) {
        return false;
      }
      registryFunctions.remove(entry.id());
      functions.remove(entry.id(), entry);
      Lanes lanes = controlLanes;
      if (lanes != null) {
        lanes.sendControl(new WireMessage.UnregisterFunction(entry.id()));
      }
    }
    supervisor.tell(new WorkerSupervisor.RetireFunction(entry));
    return true;
  }

  void addService(WireMessage.RegisterService msg) {
    synchronized (registryLock) {
      registryServices.put(msg.id(), msg);
      Lanes lanes = controlLanes;
      if (lanes != null) {
        lanes.sendControl(msg);
      }
    }
  }

  /**
   * The replay of a new connection (DESIGN §3): reattach (if there was a worker id) → metadata call → trigger types
   * → services → functions → triggers. Must be called with {@link #registryLock} held, together with publishing the
   * new control lanes.
   */
  List<WireMessage> replaySnapshot(@Nullable String previousWorkerId, @Nullable String reattachToken) {
    List<WireMessage> replay = new ArrayList<>();
    if (previousWorkerId != null) {
      replay.add(new WireMessage.Reattach(previousWorkerId, reattachToken));
    }
    replay.add(tracedMetadataCall());
    replay.addAll(triggerRegistry.typeReplay());
    replay.addAll(registryServices.values());
    for (FunctionEntry e : registryFunctions.values()) {
      replay.add(e.registerMessage);
    }
    replay.addAll(triggerRegistry.triggerReplay());
    return replay;
  }

  /** The metadata call of this connection, with the trace context of the worker's creation (PROTOCOL §3.4). */
  private WireMessage.InvokeFunction tracedMetadataCall() {
    if (!telemetry.enabled()) {
      return metadataCall;
    }
    OutboundTrace trace = telemetry.outbound(metadataCall.functionId(), registerParent);
    trace.end(null); // fire-and-forget: nothing comes back
    WireMessage.InvokeFunction m = metadataCall;
    return new WireMessage.InvokeFunction(
        m.invocationId(), m.functionId(), m.data(), trace.traceparent(), trace.baggage(), m.action(), m.namespace(),
        m.metadata());
  }

  List<FunctionEntry> registeredFunctions() {
    synchronized (registryLock) {
      return new ArrayList<>(registryFunctions.values());
    }
  }

  // ---- calls -----------------------------------------------------------------------------------------------

  /**
   * Starts a call that waits for an answer: registers it in the pending map, then lets a shard spawn its
   * InvocationActor (timer + write). No ask, no blocking: the future travels with the call.
   */
  PendingCall startCall(
      String functionId,
      JsonNode data,
      WireMessage.@Nullable TriggerAction action,
      java.time.Duration timeout,
      OutboundTrace trace) {
    return startCall(functionId, data, action, timeout, trace, null, null);
  }

  /** As above, with the 0.23 {@code namespace} and invocation {@code metadata} (each written only when set). */
  PendingCall startCall(
      String functionId,
      JsonNode data,
      WireMessage.@Nullable TriggerAction action,
      java.time.Duration timeout,
      OutboundTrace trace,
      @Nullable String namespace,
      @Nullable JsonNode metadata) {
    UUID id = randomUuid();
    WireMessage.InvokeFunction msg =
        new WireMessage.InvokeFunction(
            id, functionId, data, trace.traceparent(), trace.baggage(), action, namespace, metadata);
    PendingCall call = new PendingCall(id, functionId, msg, timeout, trace);
    pending.put(id, call);
    // Written here, on the caller's thread: two actor hops (shard, then the new InvocationActor) before the write
    // were most of the SDK's own latency. The InvocationActor still owns the call's timer.
    call.handedOff = true;
    offerCall(call, callLanes);
    shardFor(id).tell(new InvocationShard.Start(call));
    return call;
  }

  /**
   * A random (version 4) UUID from {@link java.util.concurrent.ThreadLocalRandom}: invocation ids only need to be
   * unique, not unguessable, and {@code UUID.randomUUID()}'s shared SecureRandom is a contention point on the hot
   * path.
   */
  static UUID randomUuid() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** A fire-and-forget call: no id, no answer, no timeout; buffered by the supervisor while disconnected. */
  void sendVoid(WireMessage.InvokeFunction msg) {
    Lanes lanes = callLanes;
    if (lanes != null) {
      QueueOfferResult r = lanes.calls.offer(msg);
      if (r instanceof QueueOfferResult.Enqueued$) {
        return;
      }
      if (r instanceof QueueOfferResult.Dropped$) {
        throw new BackpressureException(
            "the outbound call lane is full (iii.lanes.calls-buffer); call refused", msg.functionId(), null);
      }
    }
    supervisor.tell(new WorkerSupervisor.BufferVoid(msg));
  }

  /**
   * Writes a call on the connected lanes, or hands it to the supervisor's buffer. Called by the call's
   * InvocationActor and by the supervisor when it drains its buffer.
   */
  void offerCall(PendingCall call, @Nullable Lanes lanes) {
    if (call.future.isDone() || !pending.containsKey(call.invocationId)) {
      return; // already timed out or failed while waiting
    }
    if (lanes == null) {
      supervisor.tell(new WorkerSupervisor.BufferCall(call));
      return;
    }
    // Mark before offering: a drop that sweeps this epoch right after the offer must see the call as written.
    call.writtenEpoch = lanes.epoch;
    QueueOfferResult r = lanes.calls.offer(call.message);
    if (r instanceof QueueOfferResult.Enqueued$) {
      return;
    }
    call.writtenEpoch = -1;
    if (r instanceof QueueOfferResult.Dropped$) {
      failCall(
          call,
          new BackpressureException(
              "the outbound call lane is full (iii.lanes.calls-buffer); call refused",
              call.functionId,
              call.invocationId.toString()));
    } else {
      // The epoch ended between reading the lanes and offering: wait in the buffer for the next connection.
      supervisor.tell(new WorkerSupervisor.BufferCall(call));
    }
  }

  /** Fails every call still pending (shutdown: nothing may be left waiting without a timer). */
  void failAllPending(java.util.function.Function<PendingCall, Throwable> why) {
    for (PendingCall call : List.copyOf(pending.values())) {
      failCall(call, why.apply(call));
    }
  }

  /** Completes a call with its result if it is still pending. */
  boolean completeCall(PendingCall call, JsonNode result) {
    if (!pending.remove(call.invocationId, call)) {
      return false;
    }
    stopTimer(call);
    call.trace.end(null);
    onCallbackExecutor(call.trace.wrapCompletion(() -> call.future.complete(result)));
    return true;
  }

  /** Fails a call if it is still pending. */
  boolean failCall(PendingCall call, Throwable error) {
    if (!pending.remove(call.invocationId, call)) {
      return false;
    }
    stopTimer(call);
    call.trace.end(error);
    onCallbackExecutor(call.trace.wrapCompletion(() -> call.future.completeExceptionally(error)));
    return true;
  }

  private static void stopTimer(PendingCall call) {
    ActorRef<InvocationShard.Command> timer = call.timerActor;
    if (timer != null) {
      timer.tell(InvocationShard.Stop.INSTANCE);
    }
  }

  /** User-visible completions and listener callbacks never run on actor or stream threads. */
  void onCallbackExecutor(Runnable r) {
    try {
      callbackExecutor.execute(r);
    } catch (RejectedExecutionException e) {
      // A shut-down user executor must not swallow completions: run it here rather than lose it.
      r.run();
    }
  }

  ActorRef<InvocationShard.Command> shardFor(UUID id) {
    List<ActorRef<InvocationShard.Command>> s = shards;
    return s.get(Math.floorMod(id.hashCode(), s.size()));
  }

  // ---- listeners -------------------------------------------------------------------------------------------

  AutoCloseable addListener(ConnectionListener l) {
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /** Connection events reach listeners on the callback executor, one at a time and in the order they happened. */
  private final SerialLane listenerLane = new SerialLane(this::onCallbackExecutor);

  void fire(ConnectionEvent.Kind kind, @Nullable Throwable cause) {
    ConnectionEvent event = new ConnectionEvent(kind, state, workerId, cause, Instant.now());
    listenerLane.execute(
        () -> {
          for (ConnectionListener l : listeners) {
            try {
              l.onEvent(event);
            } catch (RuntimeException e) {
              log.warn("connection listener threw on {}", event.kind(), e);
            }
          }
        });
  }
}
