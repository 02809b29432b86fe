package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A trigger type this worker provides. {@link #unregister()} (or close) removes it locally (it is no longer
 * re-announced on reconnect, live triggers are unregistered with the handler) and sends {@code unregistertriggertype},
 * which the 0.11.6 engine ignores: the type stays on the engine until this worker's connection closes.
 */
public interface TriggerTypeRef<C> extends AutoCloseable {
  String id();

  /** Registers a trigger of this type through this worker ({@code registerTrigger(TriggerDef)} with this type). */
  TriggerRef registerTrigger(String functionId, @Nullable C config, @Nullable JsonNode metadata);

  default TriggerRef registerTrigger(String functionId, @Nullable C config) {
    return registerTrigger(functionId, config, null);
  }

  /**
   * Registers a function on this worker, as the Python SDK's {@code TriggerTypeRef.register_function} does: the
   * function only, no trigger (unlike Node's, which also binds one); bind it with {@link #registerTrigger}.
   */
  FunctionRef registerFunction(FunctionDef<?, ?> def);

  void unregister();

  @Override
  default void close() {
    unregister();
  }
}
