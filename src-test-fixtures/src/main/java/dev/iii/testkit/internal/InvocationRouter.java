package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invocation routing (ENGINE §4.2–§4.5, §8.1): the caller's id is used end to end, {@code _caller_worker_id} is
 * injected into object payloads of worker sync and void calls, worker-owned calls are parked in one engine-wide
 * map of futures completed by {@code invocationresult} or by a disconnect. There is no engine-side timeout.
 */
public final class InvocationRouter {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationRouter.class);
  public static final String CALLER_KEY = "_caller_worker_id";

  private final EngineCore core;
  private final ConcurrentHashMap<UUID, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
  private volatile EnqueueHandler enqueueHandler = EnqueueHandler.NO_QUEUES;

  InvocationRouter(EngineCore core) {
    this.core = core;
  }

  public void setEnqueueHandler(EnqueueHandler handler) {
    this.enqueueHandler = handler;
  }

  /** Number of invocations parked for worker-owned functions (for tests and diagnostics). */
  public int pendingCount() {
    return pending.size();
  }

  /** An {@code invokefunction} from a worker. Never waits: results are sent when they arrive. */
  void invokeFromWorker(WorkerConnection caller, Inbound.InvokeFunction m) {
    Inbound.Action action = m.action();
    if (action != null && action.isEnqueue()) {
      // The payload is enqueued unchanged: no _caller_worker_id for enqueue (ENGINE §8.2).
      CompletionStage<Outcome> stored = enqueueHandler.enqueue(action.queue(), m.functionId(), m.data(),
          m.traceparent(), m.baggage());
      if (m.invocationId() != null) {
        UUID id = m.invocationId();
        stored.whenComplete((o, ex) -> reply(caller, id, m, ex == null ? o : internalError(ex)));
      }
      return;
    }
    boolean isVoid = action != null && action.isVoid();
    // A void call's own id is ignored: the caller never gets an invocationresult (ENGINE §8.1).
    UUID replyId = isVoid ? null : m.invocationId();
    JsonNode data = injectCaller(m.data(), caller.id());
    // 0.23: the message's namespace, absent = default, never the caller's (PROTOCOL §10.3); 0.11.6 has none.
    String namespace = m.namespace() == null ? Namespaces.DEFAULT : m.namespace();
    if (core.isV023() && namespace.isBlank()) {
      if (replyId != null) {
        reply(caller, replyId, m, Outcome.error("INVALID_NAMESPACE", "namespace must not be blank"));
      }
      return;
    }
    FunctionEntry target = core.function(namespace, m.functionId());
    if (target == null) {
      LOG.info("function {} not found in namespace {} (called by worker {})", m.functionId(), namespace, caller.id());
      if (replyId != null) {
        reply(caller, replyId, m, core.isV023() ? notFoundIn(namespace, m.functionId())
            : Outcome.functionNotFound(m.functionId()));
      }
      return;
    }
    CompletionStage<Outcome> outcome;
    if (target.builtin() != null) {
      // Built-ins complete inline and are not tracked as the caller's active invocations.
      outcome = runBuiltin(target, data, new CallContext(m.functionId(), caller, m.traceparent(), m.baggage()));
    } else {
      if (replyId != null) {
        caller.pendingInvocations.add(replyId);
      }
      UUID forwardId = replyId != null ? replyId : UUID.randomUUID();
      outcome = forward(target, forwardId, m.functionId(), data, m.traceparent(), m.baggage(), m.metadata());
    }
    if (replyId != null) {
      outcome.whenComplete((o, ex) -> {
        caller.pendingInvocations.remove(replyId);
        reply(caller, replyId, m, ex == null ? o : internalError(ex));
      });
    }
  }

  /** An engine-internal call (triggers, HTTP routes, queues): fresh id, no {@code _caller_worker_id}. */
  public CompletionStage<Outcome> call(String functionId, JsonNode data, @Nullable String traceparent,
      @Nullable String baggage) {
    FunctionEntry target = core.function(functionId);
    if (target == null) {
      return CompletableFuture.completedFuture(Outcome.functionNotFound(functionId));
    }
    if (target.builtin() != null) {
      return runBuiltin(target, data, new CallContext(functionId, null, traceparent, baggage));
    }
    return forward(target, UUID.randomUUID(), functionId, data, traceparent, baggage, null);
  }

  /** 0.23's {@code function_not_found}: names the namespace and hints where the id does exist. */
  private Outcome notFoundIn(String namespace, String functionId) {
    java.util.List<String> elsewhere = core.namespacesOf(functionId);
    String hint = elsewhere.isEmpty() ? "" : " (it exists in namespace " + String.join(", ", elsewhere) + ")";
    return Outcome.error("function_not_found",
        "Function " + functionId + " not found in namespace '" + namespace + "'" + hint);
  }

  private CompletionStage<Outcome> runBuiltin(FunctionEntry target, JsonNode data, CallContext ctx) {
    try {
      CompletableFuture<Outcome> f = target.builtin().call(data, ctx).toCompletableFuture();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        return CompletableFuture.completedFuture(f.join()); // the usual case: answered inline
      }
      // A module may hand back a stage from Pekko (Scala's CF), whose plain callbacks would each start a new
      // thread: continue on the engine's executor, and give callers a plain CompletableFuture.
      return f.handleAsync((o, ex) -> ex == null ? o : internalError(ex), core.executor());
    } catch (BuiltinInput.InputException e) {
      return CompletableFuture.completedFuture(
          Outcome.error("deserialization_error", "Failed to deserialize input for " + ctx.functionId() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(internalError(e));
    }
  }

  private CompletionStage<Outcome> forward(FunctionEntry target, UUID id, String functionId, JsonNode data,
      @Nullable String traceparent, @Nullable String baggage, @Nullable JsonNode metadata) {
    WorkerConnection owner = core.worker(target.owner());
    if (owner == null || owner.isClosed()) {
      return CompletableFuture.completedFuture(Outcome.channelSendFailed());
    }
    CompletableFuture<Outcome> waiter = new CompletableFuture<>();
    CompletableFuture<Outcome> replaced = pending.put(id, waiter);
    if (replaced != null) {
      // Same id reused while pending: the first waiter is dropped (ENGINE §4.3).
      replaced.complete(Outcome.replacedWaiter());
    }
    owner.pendingInvocations.add(id);
    // The trace context is forwarded unchanged (a permitted simplification, ENGINE §14.2).
    ObjectNode frame = Frames.invokeFunction(id, functionId, data, traceparent, baggage, metadata);
    ConnectionPlan.OnInvoke onInvoke = owner.plan().onInvoke();
    if (onInvoke == ConnectionPlan.OnInvoke.CLOSE_INSTEAD) {
      // Fault injection: the owner's socket is closed instead; its clean-up halts this invocation.
      owner.closeByFault();
      return waiter;
    }
    CompletionStage<Boolean> sent = onInvoke == ConnectionPlan.OnInvoke.CLOSE_AFTER
        ? owner.sendThenClose(frame) : owner.send(frame);
    sent.thenAccept(queued -> {
      if (!queued && pending.remove(id, waiter)) {
        owner.pendingInvocations.remove(id);
        waiter.complete(Outcome.channelSendFailed());
      }
    });
    return waiter;
  }

  /** An {@code invocationresult} from any worker: completes the pending invocation with that id, if any. */
  void onResult(WorkerConnection from, Inbound.InvocationResult m) {
    from.pendingInvocations.remove(m.invocationId());
    CompletableFuture<Outcome> waiter = pending.remove(m.invocationId());
    if (waiter == null) {
      LOG.debug("result for unknown invocation {} from worker {} ignored", m.invocationId(), from.id());
      return;
    }
    JsonNode result = m.result() == null || m.result().isNull() ? null : m.result();
    waiter.complete(m.error() != null ? new Outcome(null, m.error()) : Outcome.ok(result));
  }

  /** Halts every invocation in the connection's set (ENGINE §3.3 step 3). */
  void haltAll(WorkerConnection conn) {
    for (UUID id : conn.pendingInvocations) {
      CompletableFuture<Outcome> waiter = pending.remove(id);
      if (waiter != null) {
        waiter.complete(Outcome.invocationStopped());
      }
    }
    conn.pendingInvocations.clear();
  }

  private static void reply(WorkerConnection caller, UUID id, Inbound.InvokeFunction m, Outcome outcome) {
    // Sent even to a caller that is gone: the frame is then lost, as on the engine.
    caller.send(Frames.invocationResult(id, m.functionId(), outcome, m.traceparent(), m.baggage()));
  }

  static JsonNode injectCaller(JsonNode data, UUID callerId) {
    if (!data.isObject()) {
      return data; // null, scalars and arrays are forwarded untouched
    }
    ObjectNode copy = ((ObjectNode) data).deepCopy();
    copy.put(CALLER_KEY, callerId.toString());
    return copy;
  }

  private static Outcome internalError(Throwable ex) {
    LOG.error("test engine error during an invocation", ex);
    return Outcome.error("invocation_failed", "test engine error: " + ex);
  }
}
