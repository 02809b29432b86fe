package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.internal.wire.WireMessage;
import org.apache.pekko.actor.typed.ActorRef;

/** A registered function: its definition, the message that registers it, and its FunctionActor once spawned. */
final class FunctionEntry {
  final FunctionDef<?, ?> def;
  final WireMessage.RegisterFunction registerMessage;
  /** Set by the supervisor when it spawned the actor; until then the router hands invocations to the supervisor. */
  volatile ActorRef<FunctionActor.Command> actor;

  FunctionEntry(FunctionDef<?, ?> def, WireMessage.RegisterFunction registerMessage) {
    this.def = def;
    this.registerMessage = registerMessage;
  }

  String id() {
    return def.id();
  }
}
