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

  /**
   * What the three exporters share: one frame per non-empty batch (an empty one happens before anything was
   * recorded, e.g. no worker id yet), and nothing to flush or shut down (the buffer belongs to the socket).
   */
  private abstract static class FrameExporter<T> {
    private final Consumer<byte[]> sink;
    private final String prefix;
    private final Function<Collection<T>, ObjectNode> encode;

    FrameExporter(Consumer<byte[]> sink, String prefix, Function<Collection<T>, ObjectNode> encode) {
      this.sink = sink;
      this.prefix = prefix;
      this.encode = encode;
    }

    public CompletableResultCode export(Collection<T> batch) {
      if (!batch.isEmpty()) {
        sink.accept(TelemetryFrames.frame(prefix, encode.apply(batch)));
      }
      return CompletableResultCode.ofSuccess();
    }

    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static final class Spans extends FrameExporter<SpanData> implements SpanExporter {
    Spans(Consumer<byte[]> sink) {
      super(sink, TelemetryFrames.TRACES, OtlpJson::spans);
    }
  }

  static final class Logs extends FrameExporter<LogRecordData> implements LogRecordExporter {
    Logs(Consumer<byte[]> sink) {
      super(sink, TelemetryFrames.LOGS, OtlpJson::logs);
    }
  }

  static final class Metrics extends FrameExporter<MetricData> implements MetricExporter {
    Metrics(Consumer<byte[]> sink) {
      super(sink, TelemetryFrames.METRICS, OtlpJson::metrics);
    }

    /** Cumulative, as the engine keeps the latest point of each gauge (PROTOCOL §9.3). */
    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  }
}
