package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.InvocationTimeoutException;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A shard actor ({@code invocations-<k>}) spawns one anonymous InvocationActor per outbound call. The InvocationActor
 * owns the call's only timer and writes the call (or hands it to the supervisor's buffer while disconnected).
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

  private static Behavior<Command> invocation(WorkerCore core, PendingCall call) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  if (!core.pending.containsKey(call.invocationId)) {
                    return Behaviors.stopped(); // completed (e.g. by shutdown) before we started
                  }
                  call.timerActor = ctx.getSelf();
                  timers.startSingleTimer(TimedOut.INSTANCE, call.timeout);
                  core.offerCall(call, core.callLanes);
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
                      .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                      .build();
                }));
  }
}
