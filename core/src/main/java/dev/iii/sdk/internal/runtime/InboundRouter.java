package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.internal.wire.WireCodec;
import dev.iii.sdk.internal.wire.WireDecodeException;
import dev.iii.sdk.internal.wire.WireMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound stage of one connection epoch: decodes each text message and routes it without ever waiting on user
 * code (DESIGN §3). The WebSocket layer has already assembled the message, and dropped oversized, binary and
 * non-UTF-8 ones without ending the connection ({@code internal.ws.WsInbound}). Results go straight to the waiting
 * call; invocations to their FunctionActor; connection events to the supervisor. The returned stage only waits
 * when a reply this stage produces itself must wait for socket space.
 */
final class InboundRouter {
  private static final Logger log = LoggerFactory.getLogger(InboundRouter.class);
  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  private final WorkerCore core;
  private final long epoch;
  private final Lanes lanes;
  private final ActorRef<WorkerSupervisor.Command> supervisor;

  InboundRouter(WorkerCore core, long epoch, Lanes lanes, ActorRef<WorkerSupervisor.Command> supervisor) {
    this.core = core;
    this.epoch = epoch;
    this.lanes = lanes;
    this.supervisor = supervisor;
  }

  CompletionStage<Done> onText(String text) {
    if (text.isBlank()) {
      return DONE; // PROTOCOL §1.4: empty frames are skipped
    }
    WireMessage msg;
    try {
      msg = WireCodec.decode(text);
    } catch (WireDecodeException e) {
      log.warn("ignored an undecodable frame from the engine: {}", e.getMessage());
      return DONE;
    }
    return route(msg);
  }

  private CompletionStage<Done> route(WireMessage msg) {
    if (msg instanceof WireMessage.InvocationResult r) {
      onResult(r);
      return DONE;
    }
    if (msg instanceof WireMessage.InvokeFunction inv) {
      return onInvoke(inv);
    }
    if (msg instanceof WireMessage.WorkerRegistered reg) {
      supervisor.tell(new WorkerSupervisor.Registered(epoch, reg.workerId(), reg.reattachToken()));
      return DONE;
    }
    if (msg instanceof WireMessage.Ping) {
      return lanes.sendReply(new WireMessage.Pong());
    }
    if (msg instanceof WireMessage.Pong) {
      return DONE;
    }
    if (msg instanceof WireMessage.EngineError err) {
      supervisor.tell(new WorkerSupervisor.EngineErrorFrame(epoch, err.error()));
      return DONE;
    }
    if (msg instanceof WireMessage.RegistrationRejected rej) {
      supervisor.tell(new WorkerSupervisor.Rejected(epoch, rej));
      return DONE;
    }
    if (msg instanceof WireMessage.RegisterTrigger rt) {
      return onRegisterTrigger(rt);
    }
    if (msg instanceof WireMessage.UnregisterTrigger ut) {
      onUnregisterTrigger(ut);
      return DONE;
    }
    if (msg instanceof WireMessage.TriggerRegistrationResult r) {
      // 0.23 engines tell the registering worker what the provider said (PROTOCOL §10.5): log refusals and keep
      // the latest outcome for TriggerRef.registrationError().
      if (r.error() != null) {
        log.warn("trigger {} of type {} (function {}) was refused: {}: {}", r.id(), r.triggerType(), r.functionId(),
            r.error().code(), r.error().message());
      }
      core.triggerErrors.record(r);
      return DONE;
    }
    log.debug("ignored inbound {}", msg.type());
    return DONE;
  }

  private void onResult(WireMessage.InvocationResult r) {
    PendingCall call = core.pending.get(r.invocationId());
    if (call == null) {
      log.debug("late or unknown result for {} ignored", r.invocationId());
      return;
    }
    if (r.error() != null) {
      core.failCall(call, Errors.toException(r.error(), call.functionId, call.invocationId.toString()));
    } else {
      JsonNode result = r.result() != null ? r.result() : NullNode.getInstance();
      core.completeCall(call, result);
    }
  }

  /** The engine forwards a trigger of a type we provide: our TriggerTypeActor answers, or we do when we have none. */
  private CompletionStage<Done> onRegisterTrigger(WireMessage.RegisterTrigger rt) {
    TriggerTypeEntry type = core.triggerRegistry.liveType(rt.triggerType());
    if (type == null) {
      // PROTOCOL §10.5: always answer, including for a type we do not (or no longer) provide.
      return lanes.sendReply(
          new WireMessage.TriggerRegistrationResult(
              rt.id(),
              rt.triggerType(),
              rt.functionId(),
              new WireMessage.ErrorBody(
                  ErrorCodes.TRIGGER_TYPE_NOT_FOUND, "Trigger type " + rt.triggerType() + " not found", null)));
    }
    core.triggerRegistry.deliver(type, new TriggerTypeActor.Register(rt, lanes));
    return DONE;
  }

  private void onUnregisterTrigger(WireMessage.UnregisterTrigger ut) {
    TriggerTypeEntry type = ut.triggerType() != null ? core.triggerRegistry.liveType(ut.triggerType()) : null;
    if (type == null) {
      log.debug("unregistertrigger {} for a type this worker does not provide ignored", ut.id());
      return;
    }
    core.triggerRegistry.deliver(type, new TriggerTypeActor.Unregister(ut));
  }

  private CompletionStage<Done> onInvoke(WireMessage.InvokeFunction inv) {
    FunctionEntry entry = core.functions.get(inv.functionId());
    if (entry != null && entry.httpInvoked()) {
      // PROTOCOL §4.4: the engine runs it over HTTP; it never routes it here, but answer clearly if it does.
      if (inv.invocationId() == null) {
        return DONE;
      }
      return lanes.sendReply(
          new WireMessage.InvocationResult(
              inv.invocationId(),
              inv.functionId(),
              null,
              new WireMessage.ErrorBody(
                  ErrorCodes.FUNCTION_NOT_INVOKABLE, "Function is HTTP-invoked and cannot be invoked locally", null),
              null,
              null));
    }
    if (entry == null) {
      if (inv.invocationId() == null) {
        log.warn("fire-and-forget invocation of unknown function {} dropped", inv.functionId());
        return DONE;
      }
      return lanes.sendReply(
          new WireMessage.InvocationResult(
              inv.invocationId(),
              inv.functionId(),
              null,
              new WireMessage.ErrorBody(
                  ErrorCodes.FUNCTION_NOT_FOUND, "Function '" + inv.functionId() + "' not found", null),
              null,
              null));
    }
    FunctionActor.Invoke cmd = new FunctionActor.Invoke(inv, lanes);
    ActorRef<FunctionActor.Command> actor = entry.actor;
    if (actor != null) {
      actor.tell(cmd);
    } else {
      supervisor.tell(new WorkerSupervisor.Deliver(entry, cmd));
    }
    return DONE;
  }
}
