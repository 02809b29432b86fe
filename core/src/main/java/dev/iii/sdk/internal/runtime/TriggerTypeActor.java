package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.internal.wire.WireMessage;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor per trigger type this worker provides ({@code trigger-type-<id>}). It receives the engine's
 * {@code registertrigger} / {@code unregistertrigger} for the type, remembers the {@link TriggerConfig} delivered for
 * each trigger id (so an unregistration gets the same id, function id and config), runs the user's
 * {@link TriggerHandler} on the handler executor — never on the actor, so a slow handler delays nothing else — and
 * answers every {@code registertrigger} with a {@code triggerregistrationresult} (PROTOCOL §10.5).
 *
 * <p>Per trigger id, operations run one at a time in arrival order (a queue per id); ids are independent.
 *
 * <p>Idempotency per id (the engine re-sends every stored trigger when the type is registered again, i.e. after each
 * reconnect): a re-delivery equal to what is remembered is acknowledged without calling the handler, a different one
 * unregisters the old value first. Each remembered trigger carries the connection epoch it was last delivered on;
 * when a connection's replay is known to be processed ({@link ReplayDone}), triggers not re-delivered on it were
 * removed while we were away, and are unregistered with the handler.
 */
final class TriggerTypeActor extends AbstractBehavior<TriggerTypeActor.Command> {
  private static final Logger log = LoggerFactory.getLogger(TriggerTypeActor.class);

  interface Command {}

  /** An inbound {@code registertrigger} for this type; the answer goes out on {@code lanes}. */
  record Register(WireMessage.RegisterTrigger msg, Lanes lanes) implements Command {}

  /** An inbound {@code unregistertrigger} for this type. */
  record Unregister(WireMessage.UnregisterTrigger msg) implements Command {}

  /** The engine has processed the replay of connection {@code epoch}. */
  record ReplayDone(long epoch) implements Command {}

  /** The type was unregistered locally: live triggers are unregistered with the handler, then the actor stops. */
  enum Retire implements Command {
    INSTANCE
  }

  /** A handler task finished; {@code live} is what is remembered for the id from now on (null = nothing). */
  private record Finished(String triggerId, @Nullable Live live) implements Command {}

  /** Internal per-id operation: forget the trigger if it was not re-delivered on {@code epoch}'s replay. */
  private record Stale(long epoch) implements Command {}

  /** Internal per-id operation: forget the trigger because the type is retired. */
  private enum Drop implements Command {
    INSTANCE
  }

  /** What was delivered and accepted for one trigger id. */
  private record Live(
      TriggerConfig<Object> config, JsonNode rawConfig, @Nullable JsonNode metadata, long epoch) {
    boolean sameAs(WireMessage.RegisterTrigger m) {
      return config.functionId().equals(m.functionId())
          && rawConfig.equals(m.config())
          && Objects.equals(metadata, m.metadata());
    }

    Live onEpoch(long e) {
      return new Live(config, rawConfig, metadata, e);
    }
  }

  private static final class Slot {
    @Nullable Live live;
    boolean busy;
    final ArrayDeque<Command> waiting = new ArrayDeque<>();
  }

  private final WorkerCore core;
  private final TriggerTypeEntry entry;
  private final TriggerHandler<Object> handler;
  private final ActorRef<Command> self;
  private final Map<String, Slot> slots = new HashMap<>();
  private boolean retired;

  @SuppressWarnings("unchecked")
  static Behavior<Command> create(WorkerCore core, TriggerTypeEntry entry) {
    return Behaviors.setup(ctx -> new TriggerTypeActor(ctx, core, entry));
  }

  @SuppressWarnings("unchecked")
  private TriggerTypeActor(ActorContext<Command> ctx, WorkerCore core, TriggerTypeEntry entry) {
    super(ctx);
    this.core = core;
    this.entry = entry;
    this.handler = (TriggerHandler<Object>) entry.handler;
    this.self = ctx.getSelf();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, r -> enqueue(r.msg().id(), r))
        .onMessage(Unregister.class, u -> enqueue(u.msg().id(), u))
        .onMessage(ReplayDone.class, this::onReplayDone)
        .onMessage(Finished.class, this::onFinished)
        .onMessageEquals(Retire.INSTANCE, this::onRetire)
        .build();
  }

  private Behavior<Command> enqueue(String id, Command op) {
    Slot slot = slots.computeIfAbsent(id, k -> new Slot());
    if (slot.busy) {
      slot.waiting.add(op);
      return this;
    }
    start(id, slot, op);
    return maybeStop();
  }

  /** Runs {@code op} for {@code id}: either at once on the actor, or as a handler task that ends in Finished. */
  private void start(String id, Slot slot, Command op) {
    if (op instanceof Register r) {
      startRegister(id, slot, r);
    } else if (op instanceof Unregister) {
      Live old = slot.live;
      if (old == null) {
        log.debug("unregistertrigger for {} of type {} ignored: not set up here", id, entry.id());
      } else {
        run(id, slot, old, null, null);
      }
    } else if (op instanceof Stale s) {
      Live old = slot.live;
      if (old != null && old.epoch() < s.epoch()) {
        log.info("trigger {} of type {} was not re-sent after reconnecting: unregistering it", id, entry.id());
        run(id, slot, old, null, null);
      }
    } else if (op == Drop.INSTANCE && slot.live != null) {
      run(id, slot, slot.live, null, null);
    }
    if (!slot.busy && slot.live == null && slot.waiting.isEmpty()) {
      slots.remove(id);
    }
  }

  private void startRegister(String id, Slot slot, Register r) {
    WireMessage.RegisterTrigger m = r.msg();
    if (retired) {
      reply(r, new ErrorBody(ErrorCodes.TRIGGER_TYPE_NOT_FOUND, "Trigger type " + m.triggerType() + " not found",
          null));
      return;
    }
    Live old = slot.live;
    if (old != null && old.sameAs(m)) {
      // A re-delivery (reconnect replay, or the same registration sent twice): already set up.
      slot.live = old.onEpoch(r.lanes().epoch);
      reply(r, null);
      return;
    }
    run(id, slot, old, r, m);
  }

  /**
   * One handler task: unregister {@code old} (if any), then register {@code m} (if any), answering {@code r}.
   * The slot is busy until its Finished arrives.
   */
  private void run(
      String id, Slot slot, @Nullable Live old, @Nullable Register r, WireMessage.@Nullable RegisterTrigger m) {
    slot.busy = true;
    core.inFlightHandlers.incrementAndGet();
    Runnable task =
        () -> {
          Live now = null;
          try {
            if (old != null) {
              callUnregister(old);
            }
            if (r != null && m != null) {
              now = callRegister(r, m);
            }
          } finally {
            core.inFlightHandlers.decrementAndGet();
            self.tell(new Finished(id, now));
          }
        };
    try {
      core.handlerExecutor.execute(task);
    } catch (RejectedExecutionException e) {
      core.inFlightHandlers.decrementAndGet();
      if (r != null) {
        reply(r, new ErrorBody(ErrorCodes.TRIGGER_REGISTRATION_FAILED,
            "no free handler thread on this worker to register the trigger", null));
      }
      log.warn("trigger {} of type {}: handler executor refused the task", id, entry.id());
      self.tell(new Finished(id, null));
    }
  }

  /** Runs on the handler executor. */
  private void callUnregister(Live old) {
    try {
      handler.unregisterTrigger(old.config());
    } catch (Throwable t) {
      log.warn("unregisterTrigger of trigger {} (type {}) threw", old.config().id(), entry.id(), t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
    }
  }

  /** Runs on the handler executor; answers the engine and returns what to remember (null when refused). */
  private @Nullable Live callRegister(Register r, WireMessage.RegisterTrigger m) {
    JsonNode raw = m.config() != null ? m.config() : NullNode.getInstance();
    try {
      Object typed = core.payloads.read(raw, entry.def.configType());
      TriggerConfig<Object> cfg = new TriggerConfig<>(m.id(), m.triggerType(), m.functionId(), typed, m.metadata(),
          m.namespace());
      handler.registerTrigger(cfg);
      reply(r, null);
      return new Live(cfg, raw, m.metadata(), r.lanes().epoch);
    } catch (Throwable t) {
      String why = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
      log.warn("registerTrigger of trigger {} (type {}) failed: {}", m.id(), entry.id(), why);
      reply(r, new ErrorBody(ErrorCodes.TRIGGER_REGISTRATION_FAILED, why, null));
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      return null;
    }
  }

  private static void reply(Register r, @Nullable ErrorBody error) {
    WireMessage.RegisterTrigger m = r.msg();
    r.lanes().sendReply(new WireMessage.TriggerRegistrationResult(m.id(), m.triggerType(), m.functionId(), error));
  }

  private Behavior<Command> onFinished(Finished f) {
    Slot slot = slots.get(f.triggerId());
    if (slot == null) {
      return maybeStop();
    }
    slot.busy = false;
    slot.live = f.live();
    while (!slot.busy && !slot.waiting.isEmpty()) {
      start(f.triggerId(), slot, slot.waiting.poll());
    }
    if (!slot.busy && slot.live == null && slot.waiting.isEmpty()) {
      slots.remove(f.triggerId());
    }
    return maybeStop();
  }

  private Behavior<Command> onReplayDone(ReplayDone d) {
    for (Map.Entry<String, Slot> e : Map.copyOf(slots).entrySet()) {
      Slot slot = e.getValue();
      // Queued behind running work, the check happens in order with re-deliveries of the same id.
      if (slot.busy || (slot.live != null && slot.live.epoch() < d.epoch())) {
        enqueue(e.getKey(), new Stale(d.epoch()));
      }
    }
    return maybeStop();
  }

  private Behavior<Command> onRetire() {
    retired = true;
    for (String id : java.util.List.copyOf(slots.keySet())) {
      enqueue(id, Drop.INSTANCE);
    }
    return maybeStop();
  }

  private Behavior<Command> maybeStop() {
    return retired && slots.isEmpty() ? Behaviors.stopped() : this;
  }
}
