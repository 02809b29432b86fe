package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.sdk.internal.wire.WireMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.jspecify.annotations.Nullable;

/** A trigger type this worker provides: its definition, handler, registration message and TriggerTypeActor. */
final class TriggerTypeEntry {
  final TriggerTypeDef<?> def;
  final TriggerHandler<?> handler;
  final WireMessage.RegisterTriggerType registerMessage;
  /** Set by the supervisor when it spawned the actor; until then deliveries go through the supervisor. */
  volatile @Nullable ActorRef<TriggerTypeActor.Command> actor;

  TriggerTypeEntry(TriggerTypeDef<?> def, TriggerHandler<?> handler, WireMessage.RegisterTriggerType registerMessage) {
    this.def = def;
    this.handler = handler;
    this.registerMessage = registerMessage;
  }

  String id() {
    return def.id();
  }
}
