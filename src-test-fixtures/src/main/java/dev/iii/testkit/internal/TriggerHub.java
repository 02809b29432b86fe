package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trigger types and triggers (ENGINE §5.1–§5.3): a worker-provided type forwards {@code registertrigger} /
 * {@code unregistertrigger} to its provider; (re-)registering a type replays the stored triggers of that type
 * to the new provider; a trigger whose type is unknown is dropped, not kept for later. In 0.23 mode (PROTOCOL
 * §10.3) such a trigger is parked instead (stored, and sent by that replay once the type appears), and a provider's
 * error result is forwarded to the registering worker, the trigger staying parked.
 */
public final class TriggerHub {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerHub.class);
  public static final String WORKERS_AVAILABLE = "engine::workers-available";
  public static final String FUNCTIONS_AVAILABLE = "engine::functions-available";
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final EngineCore core;

  TriggerHub(EngineCore core) {
    this.core = core;
  }

  /** The types the default engine configuration provides (ENGINE §5.5). Modules may replace registrators. */
  void installBuiltinTypes() {
    builtinType("http", "HTTP API trigger");
    builtinType("cron", "Cron-based scheduled trigger");
    builtinType("durable:subscriber", "Durable queue topic subscriber");
    builtinType("subscribe", "Pub/sub topic subscriber");
    builtinType("state", "State change trigger");
    builtinType("stream", "Stream change trigger");
    builtinType("stream:join", "Stream subscriber join trigger");
    builtinType("stream:leave", "Stream subscriber leave trigger");
    builtinType("log", "Log record trigger");
    builtinType(WORKERS_AVAILABLE, "Fires when workers connect, disconnect or update their metadata");
    builtinType(FUNCTIONS_AVAILABLE, "Fires when the set of registered functions changes");
  }

  private void builtinType(String id, String description) {
    setBuiltinType(id, description, TriggerRegistrator.ACCEPT_ALL);
  }

  /** Installs or replaces an engine-provided trigger type (used by later modules such as http or cron). */
  public void setBuiltinType(String id, String description, TriggerRegistrator registrator) {
    synchronized (core.lock) {
      core.triggerTypes.put(id, new TriggerTypeEntry(id, description, null, null, null, registrator));
    }
  }

  CompletionStage<Void> registerTriggerType(WorkerConnection conn, Inbound.RegisterTriggerType m) {
    TriggerRegistrator forward = new WorkerRegistrator(conn);
    List<TriggerEntry> replay = new ArrayList<>();
    synchronized (core.lock) {
      core.triggerTypes.put(m.id(), new TriggerTypeEntry(m.id(), m.description(), m.triggerRequestFormat(),
          m.callRequestFormat(), conn.id(), forward));
      for (TriggerEntry t : core.triggers.values()) {
        if (t.triggerType().equals(m.id())) {
          replay.add(t);
        }
      }
      core.lock.notifyAll();
    }
    // Replayed one after the other from this worker's read loop; failures are only logged (ENGINE §5.1).
    CompletionStage<Void> chain = DONE;
    for (TriggerEntry t : replay) {
      chain = chain.thenCompose(v -> forward.register(t).exceptionally(ex -> {
        LOG.warn("replaying trigger {} to worker {} failed: {}", t.id(), conn.id(), ex.getMessage());
        return null;
      }));
    }
    return chain;
  }

  CompletionStage<Void> registerTrigger(WorkerConnection conn, Inbound.RegisterTrigger m) {
    TriggerTypeEntry type;
    synchronized (core.lock) {
      type = core.triggerTypes.get(m.triggerType());
    }
    TriggerEntry entry = new TriggerEntry(m.id(), m.triggerType(), m.functionId(), m.config(), m.metadata(), conn.id(),
        core.isV023() ? m.namespace() : null);
    if (core.isV023() && m.namespace() != null && m.namespace().isBlank()) {
      conn.send(Frames.triggerRegistrationResult(m.id(), m.triggerType(), m.functionId(),
          new Inbound.ErrorBody("INVALID_NAMESPACE", "namespace must not be blank", null)));
      return DONE;
    }
    if (type == null && core.isV023()) {
      // 0.23 parks it: stored, and sent to the provider when the type is registered (the replay below).
      LOG.info("trigger {} parked: trigger type {} is not registered yet", m.id(), m.triggerType());
      synchronized (core.lock) {
        core.triggers.put(entry.id(), entry);
        core.lock.notifyAll();
      }
      return DONE;
    }
    if (type == null) {
      LOG.error("trigger {} dropped: trigger type {} is not registered", m.id(), m.triggerType());
      return DONE;
    }
    return type.registrator().register(entry).handle((v, ex) -> {
      if (ex != null) {
        LOG.error("trigger {} of type {} not stored: {}", m.id(), m.triggerType(), ex.getMessage());
      } else {
        synchronized (core.lock) {
          core.triggers.put(entry.id(), entry);
          core.lock.notifyAll();
        }
      }
      return null;
    });
  }

  /** {@code unregistertrigger}: any worker may remove any trigger id; the stored type is used. */
  CompletionStage<Void> unregisterTrigger(String id) {
    TriggerEntry t;
    TriggerTypeEntry type;
    synchronized (core.lock) {
      t = core.triggers.get(id);
      if (t == null) {
        return DONE;
      }
      type = core.triggerTypes.get(t.triggerType());
      if (type == null) {
        // Dormant trigger (its provider left): nobody to tell, so it is simply removed.
        core.triggers.remove(id);
        core.lock.notifyAll();
        return DONE;
      }
    }
    return type.registrator().unregister(t).handle((v, ex) -> {
      if (ex != null) {
        LOG.warn("unregistering trigger {} failed, it stays registered: {}", id, ex.getMessage());
      } else {
        synchronized (core.lock) {
          core.triggers.remove(id, t);
          core.lock.notifyAll();
        }
      }
      return null;
    });
  }

  /**
   * 0.23: a provider's {@code triggerregistrationresult}. Only the type's provider may report; an error leaves
   * the trigger parked (stored, replayed when the type is registered again) and is forwarded to the worker that
   * registered the trigger.
   */
  void onRegistrationResult(WorkerConnection from, Inbound.TriggerRegistrationResult m) {
    TriggerEntry t;
    WorkerConnection registrant;
    synchronized (core.lock) {
      t = core.triggers.get(m.id());
      TriggerTypeEntry type = t == null ? null : core.triggerTypes.get(t.triggerType());
      if (t == null || type == null || !from.id().equals(type.owner())) {
        LOG.info("triggerregistrationresult for {} from worker {} ignored: not that trigger's provider", m.id(),
            from.id());
        return;
      }
      registrant = t.workerId() == null ? null : core.workers.get(t.workerId());
    }
    if (m.error() == null) {
      return;
    }
    LOG.warn("provider {} refused trigger {}: {} (parked)", from.id(), m.id(), m.error().message());
    if (registrant != null) {
      registrant.send(Frames.triggerRegistrationResult(t.id(), t.triggerType(), t.functionId(), m.error()));
    }
  }

  /** Disconnect steps 4 and 5: remove its triggers (telling their providers), then the types it provided. */
  void onDisconnected(WorkerConnection conn) {
    List<TriggerEntry> mine = new ArrayList<>();
    List<TriggerRegistrator> providers = new ArrayList<>();
    synchronized (core.lock) {
      core.triggers.values().removeIf(t -> {
        if (conn.id().equals(t.workerId())) {
          mine.add(t);
          TriggerTypeEntry type = core.triggerTypes.get(t.triggerType());
          providers.add(type == null ? null : type.registrator());
          return true;
        }
        return false;
      });
      // Other workers' triggers of these types stay stored, dormant, until the type is registered again.
      core.triggerTypes.values().removeIf(type -> conn.id().equals(type.owner()));
      core.lock.notifyAll();
    }
    for (int i = 0; i < mine.size(); i++) {
      TriggerRegistrator r = providers.get(i);
      TriggerEntry t = mine.get(i);
      if (r != null) {
        r.unregister(t).exceptionally(ex -> {
          LOG.debug("provider not told about removed trigger {}: {}", t.id(), ex.getMessage());
          return null;
        });
      }
    }
  }

  /** Fires {@code engine::workers-available} triggers, each in its own task (engine-internal calls). */
  void fireWorkersAvailable(String event, UUID workerId) {
    List<TriggerEntry> targets = new ArrayList<>();
    synchronized (core.lock) {
      for (TriggerEntry t : core.triggers.values()) {
        if (t.triggerType().equals(WORKERS_AVAILABLE)) {
          targets.add(t);
        }
      }
    }
    for (TriggerEntry t : targets) {
      ObjectNode payload = Json.object();
      payload.put("event", event);
      payload.put("worker_id", workerId.toString());
      core.router().call(t.functionId(), payload, null, null).thenAccept(o -> {
        if (o.isError()) {
          LOG.warn("{} trigger {} failed: {}", WORKERS_AVAILABLE, t.id(), o.error().message());
        }
      });
    }
  }

  /**
   * Fires {@code engine::functions-available} with every function (built-ins included). The real engine polls
   * every 5 s for a change of the set of ids; firing at once on such a change is allowed (ENGINE §14.1).
   */
  void fireFunctionsAvailable() {
    List<TriggerEntry> targets = new ArrayList<>();
    synchronized (core.lock) {
      for (TriggerEntry t : core.triggers.values()) {
        if (t.triggerType().equals(FUNCTIONS_AVAILABLE)) {
          targets.add(t);
        }
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    ObjectNode payload = Json.object();
    payload.put("event", "functions_changed");
    com.fasterxml.jackson.databind.node.ArrayNode list = payload.putArray("functions");
    for (FunctionEntry f : core.functionSnapshot(f -> true)) {
      list.add(Builtins.functionInfo(f));
    }
    for (TriggerEntry t : targets) {
      core.router().call(t.functionId(), payload, null, null).thenAccept(o -> {
        if (o.isError()) {
          LOG.warn("{} trigger {} failed: {}", FUNCTIONS_AVAILABLE, t.id(), o.error().message());
        }
      });
    }
  }

  /** Forwards trigger (un)registrations to the worker that provides the type. */
  private static final class WorkerRegistrator implements TriggerRegistrator {
    private final WorkerConnection provider;

    WorkerRegistrator(WorkerConnection provider) {
      this.provider = provider;
    }

    @Override
    public CompletionStage<Void> register(TriggerEntry t) {
      return provider.send(Frames.registerTrigger(t.id(), t.triggerType(), t.functionId(), t.config(), t.metadata(),
          t.namespace()))
          .thenApply(queued -> orFail(queued));
    }

    @Override
    public CompletionStage<Void> unregister(TriggerEntry t) {
      return provider.send(Frames.unregisterTrigger(t.id(), t.triggerType())).thenApply(queued -> orFail(queued));
    }

    private Void orFail(boolean queued) {
      if (!queued) {
        throw new IllegalStateException("provider " + provider.id() + " is disconnected");
      }
      return null;
    }
  }
}
