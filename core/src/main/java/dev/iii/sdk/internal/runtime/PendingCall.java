package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.internal.wire.WireMessage;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One outbound call that waits for an answer. It lives in the pending map (invocation id → call) until exactly one
 * party removes it: the inbound result, its InvocationActor's timer, the connection drop, or shutdown. Whoever
 * removes it completes {@link #future} — so the call completes exactly once.
 */
final class PendingCall {
  final UUID invocationId;
  final String functionId;
  final WireMessage.InvokeFunction message;
  final Duration timeout;
  /** Its CLIENT span (ended by whoever completes the call) and the caller's context for the completion. */
  final OutboundTrace trace;
  /** Completed on the callback executor, never on an actor thread. */
  final CompletableFuture<JsonNode> future = new CompletableFuture<>();

  /** Epoch of the connection the call was offered to, or -1 while not written (it may then still be re-offered). */
  volatile long writtenEpoch = -1;
  /**
   * Set when the call was already written (or handed to the supervisor's buffer) by whoever started it — the caller's
   * thread, or the registration barrier on the control lane — so its InvocationActor only owns the timer.
   */
  volatile boolean handedOff;
  /** The InvocationActor owning the timer (set by that actor when it starts). */
  volatile ActorRef<InvocationShard.Command> timerActor;

  PendingCall(
      UUID invocationId,
      String functionId,
      WireMessage.InvokeFunction message,
      Duration timeout,
      OutboundTrace trace) {
    this.invocationId = invocationId;
    this.functionId = functionId;
    this.message = message;
    this.timeout = timeout;
    this.trace = trace;
  }
}
