package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.internal.wire.WireMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.jspecify.annotations.Nullable;

/**
 * The trigger part of the worker's registry (DESIGN §3): the trigger types this worker provides and the triggers it
 * registered, in insertion order, replayed on every connection (types before services, triggers after functions).
 * Mutations hold {@link WorkerCore#registryLock} like the rest of the registry, so each one is either in a new
 * connection's replay or sent on it. {@link #liveType} is read lock-free by the inbound router.
 */
final class TriggerRegistry {
  private final WorkerCore core;
  private final LinkedHashMap<String, TriggerTypeEntry> types = new LinkedHashMap<>();
  private final LinkedHashMap<String, WireMessage.RegisterTrigger> triggers = new LinkedHashMap<>();
  private final ConcurrentHashMap<String, TriggerTypeEntry> live = new ConcurrentHashMap<>();
  private final AtomicLong actorSeq = new AtomicLong();

  TriggerRegistry(WorkerCore core) {
    this.core = core;
  }

  // ---- trigger types ---------------------------------------------------------------------------------------

  void addType(TriggerTypeEntry entry) {
    synchronized (core.registryLock) {
      if (types.containsKey(entry.id())) {
        throw new IllegalArgumentException("trigger type '" + entry.id() + "' already registered");
      }
      types.put(entry.id(), entry);
      live.put(entry.id(), entry);
      // Spawned through the supervisor's mailbox before the registration is written, so the actor exists (or a
      // delivery queued behind the spawn finds it) when the engine forwards the first trigger.
      core.supervisor.tell(new WorkerSupervisor.InContext(ctx -> spawn(ctx.spawn(
          TriggerTypeActor.create(core, entry),
          "trigger-type-" + URLEncoder.encode(entry.id(), StandardCharsets.UTF_8) + "-" + actorSeq.incrementAndGet(),
          actorProps()), entry)));
      send(entry.registerMessage);
    }
  }

  private static void spawn(ActorRef<TriggerTypeActor.Command> ref, TriggerTypeEntry entry) {
    entry.actor = ref;
  }

  private Props actorProps() {
    return core.system.settings().config().hasPath(core.dispatcher)
        ? DispatcherSelector.fromConfig(core.dispatcher)
        : Props.empty();
  }

  /** @return whether it was registered (by this entry) */
  boolean removeType(String id, @Nullable TriggerTypeEntry expected) {
    TriggerTypeEntry entry;
    synchronized (core.registryLock) {
      entry = types.get(id);
      if (entry == null || (expected != null && entry != expected)) {
        return false;
      }
      types.remove(id);
      live.remove(id, entry);
      // The 0.11.6 engine ignores this message (PROTOCOL §2.7): the type stays there until we disconnect, and
      // triggers it still forwards are answered trigger_type_not_found.
      send(new WireMessage.UnregisterTriggerType(id));
    }
    deliver(entry, TriggerTypeActor.Retire.INSTANCE);
    return true;
  }

  /**
   * Shutdown: every type's actor unregisters its live triggers with the handler and stops; the registry itself is
   * left as it is (nothing is sent: the engine drops our types when the connection closes).
   */
  void retireAll() {
    for (TriggerTypeEntry entry : live.values()) {
      deliver(entry, TriggerTypeActor.Retire.INSTANCE);
    }
  }

  @Nullable TriggerTypeEntry liveType(String id) {
    return live.get(id);
  }

  /** Hands a command to the type's actor, through the supervisor while the actor is still being spawned. */
  void deliver(TriggerTypeEntry entry, TriggerTypeActor.Command cmd) {
    ActorRef<TriggerTypeActor.Command> actor = entry.actor;
    if (actor != null) {
      actor.tell(cmd);
    } else {
      core.supervisor.tell(new WorkerSupervisor.InContext(ctx -> entry.actor.tell(cmd)));
    }
  }

  /**
   * The engine has processed this connection's replay (the registration barrier answered): every stored trigger of
   * our types has been re-sent by now, so each actor can retire the triggers that were not.
   */
  void onReplayed(long epoch) {
    for (TriggerTypeEntry entry : live.values()) {
      deliver(entry, new TriggerTypeActor.ReplayDone(epoch));
    }
  }

  // ---- triggers --------------------------------------------------------------------------------------------

  void addTrigger(WireMessage.RegisterTrigger msg) {
    synchronized (core.registryLock) {
      triggers.put(msg.id(), msg);
      send(msg);
    }
  }

  /** @return whether it was registered */
  boolean removeTrigger(String id) {
    synchronized (core.registryLock) {
      WireMessage.RegisterTrigger msg = triggers.remove(id);
      if (msg == null) {
        return false;
      }
      // While disconnected nothing is sent: the engine dropped our triggers when the connection closed, and the
      // next replay no longer contains this one.
      send(new WireMessage.UnregisterTrigger(id, msg.triggerType()));
      return true;
    }
  }

  // ---- replay ----------------------------------------------------------------------------------------------

  /** Caller holds {@link WorkerCore#registryLock}. */
  List<WireMessage> typeReplay() {
    List<WireMessage> out = new ArrayList<>(types.size());
    for (TriggerTypeEntry e : types.values()) {
      out.add(e.registerMessage);
    }
    return out;
  }

  /** Caller holds {@link WorkerCore#registryLock}. */
  List<WireMessage> triggerReplay() {
    return new ArrayList<>(triggers.values());
  }

  /** Caller holds {@link WorkerCore#registryLock}. */
  private void send(WireMessage msg) {
    Lanes lanes = core.controlLanes;
    if (lanes != null) {
      lanes.sendControl(msg);
    }
  }
}
