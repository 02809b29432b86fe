package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.WorkerLogger;
import dev.iii.sdk.internal.wire.WireMessage;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one admitted invocation (PROTOCOL §4.7): the SERVER span {@code call <function_id>} that is
 * current while the handler runs and ends with its reply, and the headers the reply carries. {@link #NONE} when
 * telemetry is off: the handler runs as it is and the reply echoes the inbound headers (free, and it keeps a caller's
 * trace id visible).
 */
interface InboundTrace {
  InboundTrace NONE = new InboundTrace() {};

  /** {@code task} running with the invocation's context current (the handler executor's thread has none). */
  default Runnable wrap(Runnable task) {
    return task;
  }

  /** Makes the invocation's context current on this thread (for {@code Behavior} handlers); close the scope after. */
  default Scope makeCurrent() {
    return Scope.noop();
  }

  /** Ends the SERVER span: OK, or ERROR with {@code failure} recorded. Called at most once (with the reply). */
  default void end(@Nullable Throwable failure) {}

  default @Nullable String replyTraceparent(WireMessage.InvokeFunction inbound) {
    return inbound.traceparent();
  }

  default @Nullable String replyBaggage(WireMessage.InvokeFunction inbound) {
    return inbound.baggage();
  }

  /** The logger for {@code ctx.logger()}: bound to this invocation's span, or {@code workerLogger} itself. */
  default WorkerLogger logger(WorkerLogger workerLogger) {
    return workerLogger;
  }
}
