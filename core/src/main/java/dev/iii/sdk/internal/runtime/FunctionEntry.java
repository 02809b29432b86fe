package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.internal.wire.WireMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.jspecify.annotations.Nullable;

/**
 * A registered function: its definition, the message that registers it, and its FunctionActor once spawned. An
 * HTTP-invoked function (PROTOCOL §8.2) has no definition and no actor: the engine runs it, and an invocation routed
 * here anyway is answered {@code function_not_invokable}.
 */
final class FunctionEntry {
  final @Nullable FunctionDef<?, ?> def;
  final WireMessage.RegisterFunction registerMessage;
  /** Set by the supervisor when it spawned the actor; until then the router hands invocations to the supervisor. */
  volatile ActorRef<FunctionActor.Command> actor;

  FunctionEntry(FunctionDef<?, ?> def, WireMessage.RegisterFunction registerMessage) {
    this.def = def;
    this.registerMessage = registerMessage;
  }

  /** An HTTP-invoked function: {@code registerMessage} carries the {@code invocation} member. */
  FunctionEntry(WireMessage.RegisterFunction registerMessage) {
    this.def = null;
    this.registerMessage = registerMessage;
  }

  String id() {
    return registerMessage.id();
  }

  /** True for an HTTP-invoked function (no local handler). */
  boolean httpInvoked() {
    return def == null;
  }
}
