package dev.iii.sdk.internal.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * OpenTelemetry exporters that turn each batch into one telemetry frame ({@code OTLP}, {@code LOGS}, {@code MTRC})
 * and hand it to a sink (the {@code /otel} socket's buffer). Export never blocks on the network: the buffer absorbs
 * outages, dropping its oldest frames when full.
 */
final class FrameExporters {
  private FrameExporters() {}

  /** One frame per non-empty batch; an empty one happens before anything was recorded (e.g. no worker id yet). */
  private static <T> CompletableResultCode emit(Consumer<byte[]> sink, String prefix, Collection<T> batch,
      Function<Collection<T>, ObjectNode> encode) {
    if (!batch.isEmpty()) {
      sink.accept(TelemetryFrames.frame(prefix, encode.apply(batch)));
    }
    return CompletableResultCode.ofSuccess();
  }

  static final class Spans implements SpanExporter {
    private final Consumer<byte[]> sink;

    Spans(Consumer<byte[]> sink) {
      this.sink = sink;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return emit(sink, TelemetryFrames.TRACES, spans, OtlpJson::spans);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static final class Logs implements LogRecordExporter {
    private final Consumer<byte[]> sink;

    Logs(Consumer<byte[]> sink) {
      this.sink = sink;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      return emit(sink, TelemetryFrames.LOGS, logs, OtlpJson::logs);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static final class Metrics implements MetricExporter {
    private final Consumer<byte[]> sink;

    Metrics(Consumer<byte[]> sink) {
      this.sink = sink;
    }

    /** Cumulative, as the engine keeps the latest point of each gauge (PROTOCOL §9.3). */
    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return emit(sink, TelemetryFrames.METRICS, metrics, OtlpJson::metrics);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
