package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.InvocationTimeoutException;
import dev.iii.sdk.internal.wire.WireMessage;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A shard actor ({@code invocations-<k>}) spawns one anonymous InvocationActor per outbound call. The InvocationActor
 * owns the call's only timer; the call itself is normally written before it starts, by the caller's thread (see
 * {@link PendingCall#handedOff}), so no actor hop delays the write. It writes the call only when nobody did.
 * Completion itself is arbitrated by the pending map (see {@link PendingCall}), so a result, the timer, a drop and
 * shutdown can race without completing a call twice.
 */
final class InvocationShard {
  private InvocationShard() {}

  interface Command {}

  /** To a shard: start a call. */
  record Start(PendingCall call) implements Command {}

  /** To an InvocationActor: the call was completed by someone else; stop the timer. */
  enum Stop implements Command {
    INSTANCE
  }

  private enum TimedOut implements Command {
    INSTANCE
  }

  /**
   * Starts a synchronous call that is ordered after every registration sent before it (DESIGN §3, the registration
   * barrier). It is written on the control lane of the current attempt under the registry lock, so it follows the
   * replay and every registration already offered, and no registration can slip in between; a call on the calls lane
   * would be merged independently and can overtake thousands of queued registrations. With no connection attempt under
   * way it waits in the supervisor's buffer like any call and goes out once connected.
   */
  static PendingCall startBarrier(WorkerCore core, String functionId, JsonNode data, Duration timeout) {
    UUID id = WorkerCore.randomUuid();
    WireMessage.InvokeFunction msg = new WireMessage.InvokeFunction(id, functionId, data, null, null, null, null, null);
    PendingCall call = new PendingCall(id, functionId, msg, timeout, OutboundTrace.NONE);
    core.pending.put(id, call);
    synchronized (core.registryLock) {
      Lanes lanes = core.controlLanes;
      if (lanes != null) {
        // Marked before the offer: a drop of this epoch sweeps written calls under the same lock order.
        call.writtenEpoch = lanes.epoch;
        call.handedOff = lanes.offerControl(msg);
        if (!call.handedOff) {
          call.writtenEpoch = -1;
        }
      }
    }
    core.shardFor(id).tell(new Start(call)); // the timer (and the write, if the control lane was not available)
    return call;
  }

  static Behavior<Command> shard(WorkerCore core) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(
                    Start.class,
                    start -> {
                      ctx.spawnAnonymous(invocation(core, start.call()), DispatcherSelector.sameAsParent());
                      return Behaviors.same();
                    })
                .build());
  }

  /**
   * The InvocationActor. Its timer is a plain {@code scheduleOnce} to itself rather than {@code withTimers}: one
   * timer that is either fired or cancelled on stop needs none of the timer scheduler's keyed bookkeeping, and this
   * actor is created for every call, so that bookkeeping showed in profiles.
   */
  private static Behavior<Command> invocation(WorkerCore core, PendingCall call) {
    return Behaviors.setup(
        ctx -> {
          if (!core.pending.containsKey(call.invocationId)) {
            return Behaviors.stopped(); // completed (e.g. by shutdown) before we started
          }
          call.timerActor = ctx.getSelf();
          Cancellable timer = ctx.scheduleOnce(call.timeout, ctx.getSelf(), TimedOut.INSTANCE);
          if (!call.handedOff) {
            core.offerCall(call, core.callLanes);
          }
          return Behaviors.receive(Command.class)
              .onMessageEquals(
                  TimedOut.INSTANCE,
                  () -> {
                    // Nothing is sent to the engine: the protocol has no cancel (PROTOCOL §3.9).
                    core.failCall(
                        call,
                        new InvocationTimeoutException(
                            "invocation timed out after " + call.timeout.toMillis() + "ms",
                            call.functionId,
                            call.invocationId.toString()));
                    return Behaviors.stopped();
                  })
              .onMessageEquals(
                  Stop.INSTANCE,
                  () -> {
                    timer.cancel();
                    return Behaviors.stopped();
                  })
              .onSignal(PostStop.class, stopped -> {
                timer.cancel(); // also when stopped with its shard: no late tick into dead letters
                return Behaviors.same();
              })
              .build();
        });
  }
}
