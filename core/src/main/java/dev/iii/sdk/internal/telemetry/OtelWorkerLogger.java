package dev.iii.sdk.internal.telemetry;

import dev.iii.sdk.WorkerLogger;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerLogger} that emits OpenTelemetry log records (PROTOCOL §9.4). The record takes its trace and span ids
 * from the current context (the SDK does that when no explicit context is set), so a call made inside a span is
 * correlated with it. A logger bound to an invocation ({@code ctx.logger()}) has a fallback context: when the calling
 * thread has no active span (e.g. a continuation on another executor, where OpenTelemetry's thread-local context does
 * not follow), the record takes the invocation's span instead of none.
 */
final class OtelWorkerLogger implements WorkerLogger {
  static final String DATA_ATTRIBUTE = "log.data";

  private final Logger logger;
  private final Clock clock;
  private final @Nullable Context fallback;

  /** {@code clock} stamps each record (time and observed time); tests pass a fixed one. */
  OtelWorkerLogger(Logger logger, Clock clock) {
    this(logger, clock, null);
  }

  /** {@code fallback}: the context used when the calling thread has no valid span (null: always the current one). */
  OtelWorkerLogger(Logger logger, Clock clock, @Nullable Context fallback) {
    this.logger = logger;
    this.clock = clock;
    this.fallback = fallback;
  }

  @Override
  public void debug(String message, @Nullable Object data) {
    emit(Severity.DEBUG, "DEBUG", message, data);
  }

  @Override
  public void info(String message, @Nullable Object data) {
    emit(Severity.INFO, "INFO", message, data);
  }

  @Override
  public void warn(String message, @Nullable Object data) {
    emit(Severity.WARN, "WARN", message, data);
  }

  @Override
  public void error(String message, @Nullable Object data) {
    emit(Severity.ERROR, "ERROR", message, data);
  }

  private void emit(Severity severity, String text, String message, @Nullable Object data) {
    long now = clock.now();
    var record = logger.logRecordBuilder()
        .setTimestamp(now, TimeUnit.NANOSECONDS)
        .setObservedTimestamp(now, TimeUnit.NANOSECONDS)
        .setSeverity(severity)
        .setSeverityText(text)
        .setBody(String.valueOf(message));
    if (data != null) {
      record.setAttribute(DATA_ATTRIBUTE, LogValues.of(data));
    }
    if (fallback != null && !Span.current().getSpanContext().isValid()) {
      record.setContext(fallback);
    }
    record.emit();
  }
}
