package dev.iii.sdk;

/**
 * The provider side of a trigger type (PROTOCOL §5.2). Methods run on the worker's handler executor, never on actor
 * threads; calls for one trigger id run one after the other, different ids may run concurrently. To fire a trigger,
 * call its function like any caller: {@code iii.call(t.functionId(), payload)} (or {@code fireAndForget} /
 * {@code enqueue}).
 *
 * <p><b>Idempotent per trigger id.</b> The engine re-sends every stored trigger of a type whenever the type is
 * registered again, i.e. after each reconnect of the provider. The SDK remembers what it delivered and absorbs such
 * re-deliveries: {@link #registerTrigger} is called once per trigger id for as long as the trigger lives; a
 * re-delivery with the same function, config and metadata is acknowledged without calling it again; one with a
 * different value first unregisters the old value. After a reconnect, once the engine has re-sent everything,
 * triggers that were not re-sent (removed while this worker was away) get {@link #unregisterTrigger}. When the type
 * is unregistered locally, every live trigger of it gets {@link #unregisterTrigger} too.
 */
@FunctionalInterface
public interface TriggerHandler<C> {
  /**
   * Sets the trigger up (start a timer, open a route, …). Throwing refuses it: the engine is answered
   * {@code trigger_registration_failed} with the exception's message, and the trigger is not remembered (a later
   * re-delivery tries again).
   */
  void registerTrigger(TriggerConfig<C> trigger) throws Exception;

  /** Tears it down; receives the value {@link #registerTrigger} received. Exceptions are logged. Default: nothing. */
  default void unregisterTrigger(TriggerConfig<C> trigger) throws Exception {}
}
