package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.internal.wire.WireMessage;
import org.jspecify.annotations.Nullable;

/**
 * Where OpenTelemetry plugs into the runtime (a later issue builds it: SERVER spans around handlers, CLIENT spans
 * and W3C headers on outbound calls). Today only the no-op exists, so the hot path pays nothing.
 */
interface TelemetrySeam {
  TelemetrySeam NOOP = new TelemetrySeam() {};

  /** The {@code traceparent} to put on an outbound call, or null when there is no active context. */
  default @Nullable String outboundTraceparent() {
    return null;
  }

  default @Nullable String outboundBaggage() {
    return null;
  }

  /** Wraps a handler task so it runs in the context of the inbound invocation. */
  default Runnable wrapHandler(WireMessage.InvokeFunction inbound, Runnable task) {
    return task;
  }
}
