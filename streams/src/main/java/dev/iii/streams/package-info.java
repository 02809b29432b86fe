/**
 * Pekko Streams stages on top of the iii SDK: {@link dev.iii.streams.FunctionFlow} (a function call per element with
 * bounded parallelism), typed clients of the engine's {@code state::*} and {@code stream::*} built-ins
 * ({@link dev.iii.streams.StateClient}, {@link dev.iii.streams.StreamClient}) whose change events are
 * {@code Source}s, {@link dev.iii.streams.TriggerEvents} (the triggers of a type this worker provides, as a
 * {@code Source}), and framing stages for channel bytes ({@link dev.iii.streams.JsonLines},
 * {@link dev.iii.streams.LengthPrefixed}). Streams run with the caller's {@code ActorSystem}; no
 * {@code Materializer} is needed.
 */
package dev.iii.streams;
