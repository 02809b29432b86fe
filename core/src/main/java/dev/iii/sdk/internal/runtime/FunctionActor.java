package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.AsyncFunctionHandler;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionHandler;
import dev.iii.sdk.Invocation;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.InvocationReply;
import dev.iii.sdk.internal.wire.WireMessage;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor per registered function ({@code function-<id>}): admits or refuses each invocation (maxConcurrency),
 * runs the handler off the actor threads (or hands it to the user's {@code Behavior}), and answers
 * {@code invocationresult} exactly once per invocation. User exceptions are caught here and never reach actor
 * supervision.
 */
final class FunctionActor extends AbstractBehavior<FunctionActor.Command> {
  private static final Logger log = LoggerFactory.getLogger(FunctionActor.class);

  interface Command {}

  record Invoke(WireMessage.InvokeFunction msg, Lanes lanes) implements Command {}

  /** Unregistered: late invocations get {@code function_not_found}; the actor stops when idle. */
  enum Retire implements Command {
    INSTANCE
  }

  /** Shutting down: late invocations get {@link ErrorCodes#WORKER_SHUTTING_DOWN}. */
  enum Drain implements Command {
    INSTANCE
  }

  private record Finished(String key) implements Command {}

  private record BehaviorReplied(InvocationReply reply) implements Command {}

  private record HandlerTimedOut(String key) implements Command {}

  /** One admitted invocation. {@link #reply} is thread-safe and sends at most once. */
  private static final class Running {
    final String key;
    final WireMessage.InvokeFunction msg;
    final Lanes lanes;
    final AtomicBoolean replied = new AtomicBoolean();
    /** Set on admission, before the handler is handed to another thread; NONE for refused invocations. */
    InboundTrace trace = InboundTrace.NONE;

    Running(String key, WireMessage.InvokeFunction msg, Lanes lanes) {
      this.key = key;
      this.msg = msg;
      this.lanes = lanes;
    }

    void reply(@Nullable JsonNode result, @Nullable ErrorBody error) {
      reply(result, error, null);
    }

    /** {@code cause}: the handler's exception, recorded on the SERVER span (else one is made from {@code error}). */
    void reply(@Nullable JsonNode result, @Nullable ErrorBody error, @Nullable Throwable cause) {
      if (!replied.compareAndSet(false, true)) {
        return;
      }
      // The span ends before the reply is sent, so it is complete by the time the caller sees the answer.
      InboundTrace t = trace;
      if (t != InboundTrace.NONE) {
        t.end(error == null ? null : cause != null ? cause : new InvocationException(error.code(), error.message()));
      }
      UUID id = msg.invocationId();
      if (id == null) {
        if (error != null) {
          log.warn("fire-and-forget invocation of {} failed: {}: {}", msg.functionId(), error.code(), error.message());
        }
        return; // PROTOCOL §4.4 step 4: no invocation id, nothing to answer
      }
      lanes.sendReply(
          new WireMessage.InvocationResult(
              id, msg.functionId(), result, error, t.replyTraceparent(msg), t.replyBaggage(msg)));
    }
  }

  private enum Mode {
    ACTIVE,
    RETIRED,
    DRAINING
  }

  private final WorkerCore core;
  private final FunctionDef<?, ?> def;
  private final TimerScheduler<Command> timers;
  /** Captured once: handler threads tell it, and the ActorContext must not be touched off the actor. */
  private final ActorRef<Command> self;
  private final Map<String, Running> running = new HashMap<>();
  private final @Nullable ActorRef<Invocation<Object>> behaviorRef;
  private final @Nullable ActorRef<InvocationReply> replyAdapter;
  private Mode mode = Mode.ACTIVE;

  static Behavior<Command> create(WorkerCore core, FunctionDef<?, ?> def) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new FunctionActor(ctx, timers, core, def)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private FunctionActor(
      ActorContext<Command> ctx, TimerScheduler<Command> timers, WorkerCore core, FunctionDef<?, ?> def) {
    super(ctx);
    this.core = core;
    this.def = def;
    this.timers = timers;
    this.self = ctx.getSelf();
    if (def.behavior() != null) {
      Behavior<Invocation<Object>> user = (Behavior) def.behavior();
      // Per-message exceptions are answered and swallowed by the interceptor (state kept); a failure outside
      // message handling (e.g. in setup) restarts the behavior.
      Behavior<Invocation<Object>> guarded =
          Behaviors.supervise(Behaviors.intercept(ReplyOnFailure::new, user)).onFailure(SupervisorStrategy.restart());
      this.behaviorRef = ctx.spawn(guarded, "handler", DispatcherSelector.sameAsParent());
      this.replyAdapter = ctx.messageAdapter(InvocationReply.class, BehaviorReplied::new);
    } else {
      this.behaviorRef = null;
      this.replyAdapter = null;
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Invoke.class, this::onInvoke)
        .onMessage(Finished.class, f -> release(f.key()))
        .onMessage(BehaviorReplied.class, this::onBehaviorReplied)
        .onMessage(HandlerTimedOut.class, this::onHandlerTimedOut)
        .onMessageEquals(Retire.INSTANCE, this::onRetire)
        .onMessageEquals(Drain.INSTANCE, () -> {
          mode = Mode.DRAINING;
          return this;
        })
        .build();
  }

  private Behavior<Command> onInvoke(Invoke inv) {
    WireMessage.InvokeFunction msg = inv.msg();
    String key = msg.invocationId() != null ? msg.invocationId().toString() : UUID.randomUUID().toString();
    Running r = new Running(key, msg, inv.lanes());
    if (mode == Mode.RETIRED) {
      r.reply(null, new ErrorBody(ErrorCodes.FUNCTION_NOT_FOUND, "Function '" + def.id() + "' not found", null));
      return this;
    }
    if (mode == Mode.DRAINING) {
      r.reply(null, new ErrorBody(ErrorCodes.WORKER_SHUTTING_DOWN, "worker is shutting down", null));
      return this;
    }
    if (running.size() >= def.maxConcurrency()) {
      r.reply(
          null,
          new ErrorBody(
              ErrorCodes.FUNCTION_OVERLOADED,
              "function '" + def.id() + "' is already running its maxConcurrency of " + def.maxConcurrency()
                  + " invocations; invocation refused",
              null));
      return this;
    }
    r.trace = core.telemetry.inbound(msg);
    InvocationContextImpl ctx = context(msg, key, r.trace);
    running.put(key, r);
    core.inFlightHandlers.incrementAndGet();
    Duration handlerTimeout = def.handlerTimeout();
    if (handlerTimeout != null) {
      timers.startSingleTimer(key, new HandlerTimedOut(key), handlerTimeout);
    }
    if (behaviorRef != null) {
      Object input;
      try {
        input = core.payloads.read(msg.data(), def.inputType());
      } catch (RuntimeException e) {
        r.reply(null, Errors.fromHandlerFailure(e), e);
        return release(key);
      }
      behaviorRef.tell(new Invocation<>(input, ctx, replyAdapter));
      return this;
    }
    try {
      core.handlerExecutor.execute(r.trace.wrap(() -> runHandler(r, ctx)));
    } catch (RejectedExecutionException e) {
      r.reply(
          null,
          new ErrorBody(
              ErrorCodes.HANDLER_POOL_EXHAUSTED,
              "no free handler thread on this worker (the bounded handler pool is busy, e.g. a same-worker nested"
                  + " call chain deeper than the pool); raise InitOptions.handlerPoolSize or run on Java 21+",
              null));
      return release(key);
    }
    return this;
  }

  /** Runs on the handler executor. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runHandler(Running r, InvocationContextImpl ctx) {
    boolean asyncPending = false;
    try {
      Object input = core.payloads.read(r.msg.data(), def.inputType());
      if (def.asyncHandler() != null) {
        CompletionStage<?> stage = ((AsyncFunctionHandler) def.asyncHandler()).handle(input, ctx);
        if (stage == null) {
          throw new IllegalStateException("async handler of " + def.id() + " returned null instead of a stage");
        }
        asyncPending = true;
        stage.whenComplete(
            (value, error) -> {
              if (error != null) {
                r.reply(null, Errors.fromHandlerFailure(error), Errors.unwrap(error));
              } else {
                replyValue(r, value);
              }
              self.tell(new Finished(r.key));
            });
      } else {
        Object value = ((FunctionHandler) def.handler()).handle(input, ctx);
        replyValue(r, value);
      }
    } catch (Throwable t) {
      r.reply(null, Errors.fromHandlerFailure(t), t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      if (!asyncPending) {
        self.tell(new Finished(r.key));
      }
    }
  }

  private void replyValue(Running r, @Nullable Object value) {
    JsonNode result;
    try {
      result = core.payloads.toResult(value);
    } catch (RuntimeException e) {
      r.reply(
          null,
          new ErrorBody(
              ErrorCodes.INVOCATION_FAILED,
              "could not serialise the result of " + def.id() + ": " + e.getMessage(),
              Errors.stackTrace(e)),
          e);
      return;
    }
    r.reply(result, null);
  }

  private Behavior<Command> onBehaviorReplied(BehaviorReplied br) {
    InvocationReply reply = br.reply();
    Running r = running.get(reply.invocationId());
    if (r == null) {
      log.debug("late reply from the behavior of {} for {} ignored", def.id(), reply.invocationId());
      return this;
    }
    if (reply.error() != null) {
      InvocationException err = reply.error();
      r.reply(null, Errors.fromHandlerFailure(err), err.getCause() != null ? err.getCause() : err);
    } else {
      replyValue(r, reply.value());
    }
    return release(r.key);
  }

  private Behavior<Command> onHandlerTimedOut(HandlerTimedOut t) {
    Running r = running.get(t.key());
    if (r == null) {
      return this;
    }
    r.reply(
        null,
        new ErrorBody(
            ErrorCodes.INVOCATION_FAILED,
            "handler timed out after " + def.handlerTimeout().toMillis() + "ms",
            null));
    // A behavior may never answer, so its slot is freed now; a blocking handler keeps its slot (and thread)
    // until it really returns, which keeps maxConcurrency an upper bound on threads in use.
    return behaviorRef != null ? release(r.key) : this;
  }

  private Behavior<Command> release(String key) {
    if (running.remove(key) != null) {
      core.inFlightHandlers.decrementAndGet();
      timers.cancel(key);
    }
    if (mode == Mode.RETIRED && running.isEmpty()) {
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Command> onRetire() {
    mode = Mode.RETIRED;
    return running.isEmpty() ? Behaviors.stopped() : this;
  }

  private InvocationContextImpl context(WireMessage.InvokeFunction msg, String key, InboundTrace trace) {
    JsonNode caller = msg.data() != null ? msg.data().get("_caller_worker_id") : null;
    return new InvocationContextImpl(
        key,
        msg.functionId(),
        caller != null && caller.isTextual() ? caller.asText() : null,
        msg.traceparent(),
        msg.baggage(),
        core.facade,
        trace,
        core.logger,
        java.util.Objects.requireNonNull(core.payloads.channels(), "worker channels"),
        msg.metadata());
  }

  /**
   * Runs the user's behavior with the invocation's trace context current (DESIGN §3: the actor thread has none of its
   * own), and turns an exception thrown while handling an {@link Invocation} into an {@code invocation_failed} reply,
   * keeping the behavior (and its state) for the next message.
   */
  private static final class ReplyOnFailure extends BehaviorInterceptor<Invocation<Object>, Invocation<Object>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    ReplyOnFailure() {
      super((Class) Invocation.class);
    }

    @Override
    public Behavior<Invocation<Object>> aroundReceive(
        TypedActorContext<Invocation<Object>> ctx,
        Invocation<Object> msg,
        ReceiveTarget<Invocation<Object>> target) {
      InboundTrace trace =
          msg.context() instanceof InvocationContextImpl impl ? impl.trace() : InboundTrace.NONE;
      try (Scope ignored = trace.makeCurrent()) {
        return target.apply(ctx, msg);
      } catch (RuntimeException e) {
        msg.replyTo().tell(msg.failure(e));
        return Behaviors.same();
      }
    }
  }
}
