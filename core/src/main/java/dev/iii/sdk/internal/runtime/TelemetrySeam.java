package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.internal.wire.WireMessage;
import io.opentelemetry.context.Context;

/**
 * Where OpenTelemetry plugs into the runtime (DESIGN §3 Telemetry): a CLIENT span and W3C headers per outbound call,
 * a SERVER span around each handler. {@link #NOOP} when telemetry is off, so the hot path pays one virtual call
 * returning a constant: no span objects, no context lookups.
 */
interface TelemetrySeam {
  TelemetrySeam NOOP =
      new TelemetrySeam() {
        @Override
        public OutboundTrace outbound(String functionId) {
          return OutboundTrace.NONE;
        }

        @Override
        public OutboundTrace outbound(String functionId, Context parent) {
          return OutboundTrace.NONE;
        }

        @Override
        public InboundTrace inbound(WireMessage.InvokeFunction msg) {
          return InboundTrace.NONE;
        }

        @Override
        public boolean enabled() {
          return false;
        }
      };

  /** An outbound call made now, on this thread: its parent is the current context. */
  OutboundTrace outbound(String functionId);

  /** An outbound call on behalf of {@code parent} (e.g. the metadata call replayed by the supervisor). */
  OutboundTrace outbound(String functionId, Context parent);

  /** An admitted inbound invocation: its parent comes from the message's {@code traceparent}/{@code baggage}. */
  InboundTrace inbound(WireMessage.InvokeFunction msg);

  boolean enabled();
}
