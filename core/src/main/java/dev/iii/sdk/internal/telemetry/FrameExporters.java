package dev.iii.sdk.internal.telemetry;

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

/**
 * OpenTelemetry exporters that turn each batch into one telemetry frame ({@code OTLP}, {@code LOGS}, {@code MTRC})
 * and hand it to a sink (the {@code /otel} socket's buffer). Export never blocks on the network: the buffer absorbs
 * outages, dropping its oldest frames when full.
 */
final class FrameExporters {
  private FrameExporters() {}

  static final class Spans implements SpanExporter {
    private final Consumer<byte[]> sink;

    Spans(Consumer<byte[]> sink) {
      this.sink = sink;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (!spans.isEmpty()) {
        sink.accept(TelemetryFrames.frame(TelemetryFrames.TRACES, OtlpJson.spans(spans)));
      }
      return CompletableResultCode.ofSuccess();
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
      if (!logs.isEmpty()) {
        sink.accept(TelemetryFrames.frame(TelemetryFrames.LOGS, OtlpJson.logs(logs)));
      }
      return CompletableResultCode.ofSuccess();
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
      // An empty collection happens before any instrument has recorded (e.g. the worker id is not known yet).
      if (!metrics.isEmpty()) {
        sink.accept(TelemetryFrames.frame(TelemetryFrames.METRICS, OtlpJson.metrics(metrics)));
      }
      return CompletableResultCode.ofSuccess();
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
