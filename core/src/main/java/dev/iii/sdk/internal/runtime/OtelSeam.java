package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.WorkerLogger;
import dev.iii.sdk.internal.telemetry.Telemetry;
import dev.iii.sdk.internal.telemetry.TraceHeaders;
import dev.iii.sdk.internal.wire.WireMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/** The {@link TelemetrySeam} of a worker with telemetry on (its own SDK or the user's). */
final class OtelSeam implements TelemetrySeam {
  /** Name of the loggers handed to user code (the seed's fallback logger is {@code iii.logger} too). */
  static final String LOGGER_NAME = "iii.logger";

  private final Telemetry telemetry;

  OtelSeam(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public OutboundTrace outbound(String functionId) {
    return outbound(functionId, Context.current());
  }

  @Override
  public OutboundTrace outbound(String functionId, Context parent) {
    Span span = telemetry.startClientSpan(functionId, parent);
    // The callee's parent is our CLIENT span; the baggage is the caller's.
    TraceHeaders headers = telemetry.inject(parent.with(span));
    return new Client(parent, span, headers);
  }

  @Override
  public InboundTrace inbound(WireMessage.InvokeFunction msg) {
    Context parent = telemetry.extract(msg.traceparent(), msg.baggage());
    Span span = telemetry.startServerSpan(msg.functionId(), parent);
    return new Server(telemetry, parent.with(span), span);
  }

  private record Client(Context caller, Span span, TraceHeaders headers) implements OutboundTrace {
    @Override
    public @Nullable String traceparent() {
      return headers.traceparent();
    }

    @Override
    public @Nullable String baggage() {
      return headers.baggage();
    }

    @Override
    public Runnable wrapCompletion(Runnable completion) {
      return caller.wrap(completion);
    }

    @Override
    public void end(@Nullable Throwable failure) {
      Telemetry.end(span, failure);
    }
  }

  private static final class Server implements InboundTrace {
    private final Telemetry telemetry;
    private final Context context;
    private final Span span;
    private volatile @Nullable TraceHeaders reply;

    Server(Telemetry telemetry, Context context, Span span) {
      this.telemetry = telemetry;
      this.context = context;
      this.span = span;
    }

    @Override
    public Runnable wrap(Runnable task) {
      return context.wrap(task);
    }

    @Override
    public Scope makeCurrent() {
      return context.makeCurrent();
    }

    @Override
    public void end(@Nullable Throwable failure) {
      Telemetry.end(span, failure);
    }

    /** The reply carries the SERVER span's traceparent and the invocation's baggage (PROTOCOL §4.7 recommendation). */
    private TraceHeaders replyHeaders() {
      TraceHeaders h = reply;
      if (h == null) {
        h = telemetry.inject(context);
        reply = h;
      }
      return h;
    }

    @Override
    public @Nullable String replyTraceparent(WireMessage.InvokeFunction inbound) {
      return replyHeaders().traceparent();
    }

    @Override
    public @Nullable String replyBaggage(WireMessage.InvokeFunction inbound) {
      return replyHeaders().baggage();
    }

    @Override
    public WorkerLogger logger(WorkerLogger workerLogger) {
      return telemetry.logger(LOGGER_NAME, context);
    }
  }
}
