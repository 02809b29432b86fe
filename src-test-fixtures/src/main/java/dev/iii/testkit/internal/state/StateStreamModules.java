package dev.iii.testkit.internal.state;

import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.EngineCore;

/** Installs {@code iii-state} and {@code iii-stream} into an engine (after its built-in trigger types). */
public final class StateStreamModules {
  private StateStreamModules() {}

  /** {@code clock} stamps the stream events' {@code timestamp}, so a manual clock makes them predictable. */
  public static void install(EngineCore core, EngineClock clock) {
    StateModule.install(core);
    StreamModule.install(core, () -> clock.now().toEpochMilli());
  }
}
