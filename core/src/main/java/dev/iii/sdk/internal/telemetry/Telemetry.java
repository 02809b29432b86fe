package dev.iii.sdk.internal.telemetry;

import dev.iii.sdk.OtelConfig;
import dev.iii.sdk.WorkerLogger;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * A worker's telemetry (DESIGN §3 Telemetry, PROTOCOL §4.7 and §9): one per worker, built by the runtime with
 * {@link #create}, {@link #usingUserSdk} or {@link #disabled}. Nothing is ever registered globally
 * ({@code GlobalOpenTelemetry} is left alone): each worker has its own OpenTelemetry SDK, exporting
 * {@code OTLP}/{@code LOGS}/{@code MTRC} frames over its own {@code /otel} socket.
 *
 * <p>Propagation is always W3C TraceContext + Baggage (the wire fields are {@code traceparent} and {@code baggage}),
 * also when the user's SDK has other propagators. When telemetry is off the runtime does not call into this class on
 * the invocation path at all (its seam is a no-op, so the hot path pays nothing): no spans, nothing injected into
 * outbound calls; replies merely echo the inbound headers.
 *
 * <p>Thread-safe.
 */
public final class Telemetry implements AutoCloseable {
  /** The instrumentation scope of the SDK's own spans, logs and gauges. */
  public static final String SCOPE = "iii-java-sdk";

  static final AttributeKey<String> FUNCTION_ID = AttributeKey.stringKey("iii.function.id");
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final TextMapPropagator W3C =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
  private static final Telemetry DISABLED = new Telemetry(false, OpenTelemetry.noop(), false, null, null, null,
      null, false);

  private final boolean enabled;
  private final OpenTelemetry otel;
  private final Tracer tracer;
  private final boolean logsToOtel;
  private final @Nullable OpenTelemetrySdk ownSdk;
  private final @Nullable FrameBuffer buffer;
  private final @Nullable OtelSocket socket;
  private final @Nullable WorkerGauges gauges;
  private final boolean traceHttpClients;

  private Telemetry(
      boolean enabled,
      OpenTelemetry otel,
      boolean logsToOtel,
      @Nullable OpenTelemetrySdk ownSdk,
      @Nullable FrameBuffer buffer,
      @Nullable OtelSocket socket,
      @Nullable WorkerGauges gauges,
      boolean traceHttpClients) {
    this.enabled = enabled;
    this.otel = otel;
    this.tracer = otel.getTracer(SCOPE);
    this.logsToOtel = logsToOtel;
    this.ownSdk = ownSdk;
    this.buffer = buffer;
    this.socket = socket;
    this.gauges = gauges;
    this.traceHttpClients = traceHttpClients;
  }

  /**
   * The worker's own SDK, configured by {@code cfg} with unset fields filled from {@code env}; {@link #disabled()} if
   * that resolves to disabled. The {@code /otel} socket connects at once (to {@code cfg.engineWsUrl()} or the worker
   * address + {@code /otel}) with {@code upgradeHeaders} (asked on every connect, the control connection's headers)
   * and reconnects with {@code cfg.reconnection()} until {@link #close()}.
   */
  public static Telemetry create(
      OtelConfig cfg,
      String workerUrl,
      Supplier<Map<String, String>> upgradeHeaders,
      Function<String, @Nullable String> env,
      ActorSystem<?> system) {
    return create(cfg, workerUrl, upgradeHeaders, env, system, null);
  }

  /** As {@link #create(OtelConfig, String, Supplier, Function, ActorSystem)}, with the control socket's TLS context. */
  public static Telemetry create(
      OtelConfig cfg,
      String workerUrl,
      Supplier<Map<String, String>> upgradeHeaders,
      Function<String, @Nullable String> env,
      ActorSystem<?> system,
      @Nullable SSLContext sslContext) {
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(workerUrl, "workerUrl");
    Objects.requireNonNull(upgradeHeaders, "upgradeHeaders");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(system, "system");
    OtelConfig c = cfg.toBuilder().fillFromEnvironment(env).build();
    if (!c.isEnabled()) {
      return disabled();
    }
    String url = OtelUrls.otelUrl(c.engineWsUrl(), workerUrl);
    FrameBuffer buffer = new FrameBuffer(FrameBuffer.DEFAULT_CAPACITY);
    Resource resource = resource(c);
    // Every internal-telemetry hook gets a no-op meter provider explicitly: the default would consult
    // GlobalOpenTelemetry, which a library must not touch.
    Supplier<MeterProvider> noMeters = MeterProvider::noop;

    OpenTelemetrySdkBuilder sdk = OpenTelemetrySdk.builder()
        .setPropagators(ContextPropagators.create(W3C))
        .setTracerProvider(SdkTracerProvider.builder()
            .setResource(resource)
            .setMeterProvider(noMeters)
            .addSpanProcessor(BatchSpanProcessor.builder(new FrameExporters.Spans(buffer::offer))
                .setMeterProvider(noMeters)
                .build())
            .build());
    if (c.isMetricsEnabled()) {
      sdk.setMeterProvider(SdkMeterProvider.builder()
          .setResource(resource)
          .registerMetricReader(PeriodicMetricReader.builder(new FrameExporters.Metrics(buffer::offer))
              .setInterval(c.metricsExportInterval())
              // LEGACY: the reader does not report on itself (otel.sdk.metric_reader.*), which would otherwise
              // travel to the engine with every MTRC frame.
              .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY)
              .build())
          .build());
    }
    if (c.isLogsEnabled()) {
      sdk.setLoggerProvider(SdkLoggerProvider.builder()
          .setResource(resource)
          .setMeterProvider(noMeters)
          .addLogRecordProcessor(BatchLogRecordProcessor.builder(new FrameExporters.Logs(buffer::offer))
              .setScheduleDelay(c.logsFlushInterval())
              .setMaxExportBatchSize(c.logsBatchSize())
              .setMaxQueueSize(Math.max(2048, c.logsBatchSize()))
              .setMeterProvider(noMeters)
              .build())
          .build());
    }
    OpenTelemetrySdk built = sdk.build(); // build(), never buildAndRegisterGlobal()
    WorkerGauges gauges = c.isMetricsEnabled() && c.isEnableMetricsReporting()
        ? new WorkerGauges(built.getMeter(SCOPE))
        : null;
    OtelSocket socket = new OtelSocket(system, url, upgradeHeaders, c.reconnection(), buffer, sslContext);
    socket.start();
    LOG.debug("telemetry for worker at {} exports to {} ({})", workerUrl, url, c);
    return new Telemetry(true, built, c.isLogsEnabled(), built, buffer, socket, gauges,
        c.isFetchInstrumentationEnabled());
  }

  /** No telemetry: no-op spans (trace context still propagates), the logger writes to SLF4J, no socket. */
  public static Telemetry disabled() {
    return DISABLED;
  }

  /**
   * The user's own {@code OpenTelemetry}: spans, logs and worker gauges go to its providers and exporters; the SDK
   * opens no {@code /otel} socket and never flushes or shuts the user's SDK down.
   */
  public static Telemetry usingUserSdk(OpenTelemetry otel) {
    return usingUserSdk(otel, true, true);
  }

  /**
   * As {@link #usingUserSdk(OpenTelemetry)}; {@code workerGauges}: whether the PROTOCOL §9.3 gauges are registered on
   * the user's meter provider; {@code traceHttpClients}: whether {@link #httpClient} traces.
   */
  public static Telemetry usingUserSdk(OpenTelemetry otel, boolean workerGauges, boolean traceHttpClients) {
    Objects.requireNonNull(otel, "otel");
    return new Telemetry(true, otel, true, null, null, null,
        workerGauges ? new WorkerGauges(otel.getMeter(SCOPE)) : null, traceHttpClients);
  }

  private static Resource resource(OtelConfig c) {
    var attrs = Attributes.builder()
        .put("service.name", c.serviceName())
        .put("service.version", c.serviceVersion())
        .put("service.instance.id",
            c.serviceInstanceId() != null ? c.serviceInstanceId() : UUID.randomUUID().toString())
        .put("telemetry.sdk.name", SCOPE)
        .put("telemetry.sdk.language", "java");
    if (c.serviceNamespace() != null) {
      attrs.put("service.namespace", c.serviceNamespace());
    }
    return Resource.getDefault().merge(Resource.create(attrs.build()));
  }

  public boolean enabled() {
    return enabled;
  }

  /** The OpenTelemetry in use (the no-op one when disabled), e.g. for user code that wants a tracer. */
  public OpenTelemetry openTelemetry() {
    return otel;
  }

  /** The parent context of an inbound invocation from its {@code traceparent} and {@code baggage} (either may be null). */
  public Context extract(@Nullable String traceparent, @Nullable String baggage) {
    Map<String, String> carrier = new HashMap<>(2);
    if (traceparent != null && !traceparent.isBlank()) {
      carrier.put("traceparent", traceparent);
    }
    if (baggage != null && !baggage.isBlank()) {
      carrier.put("baggage", baggage);
    }
    if (carrier.isEmpty()) {
      return Context.root();
    }
    return W3C.extract(Context.root(), carrier, MapGetter.INSTANCE);
  }

  /** The {@code traceparent} / {@code baggage} to send for {@code ctx}; null fields when it carries nothing. */
  public TraceHeaders inject(Context ctx) {
    Map<String, String> carrier = new HashMap<>(2);
    W3C.inject(ctx, carrier, (map, key, value) -> map.put(key, value));
    String traceparent = sampledFlagOnly(carrier.get("traceparent"));
    String baggage = carrier.get("baggage");
    if (traceparent == null && (baggage == null || baggage.isEmpty())) {
      return TraceHeaders.NONE;
    }
    return new TraceHeaders(traceparent, baggage == null || baggage.isEmpty() ? null : baggage);
  }

  /**
   * {@code traceparent} with every trace flag but "sampled" cleared. The Java SDK sets the W3C level-2 "random" flag
   * (0x02), so its roots produce {@code …-03}; the engine's Rust propagator rejects version-00 headers whose flags
   * exceed 2 and would then drop the parent, breaking the trace.
   */
  static @Nullable String sampledFlagOnly(@Nullable String traceparent) {
    if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")) {
      return traceparent;
    }
    int flags;
    try {
      flags = Integer.parseInt(traceparent.substring(53), 16);
    } catch (NumberFormatException e) {
      return traceparent;
    }
    return (flags & 0x01) == flags ? traceparent : traceparent.substring(0, 53) + ((flags & 0x01) == 1 ? "01" : "00");
  }

  /** The SERVER span {@code call <functionId>} around a handler (PROTOCOL §4.7); end it with {@link #end}. */
  public Span startServerSpan(String functionId, Context parent) {
    return startSpan(functionId, parent, SpanKind.SERVER);
  }

  /** The CLIENT span {@code call <functionId>} around an outbound call; end it with {@link #end}. */
  public Span startClientSpan(String functionId, Context parent) {
    return startSpan(functionId, parent, SpanKind.CLIENT);
  }

  private Span startSpan(String functionId, Context parent, SpanKind kind) {
    Objects.requireNonNull(functionId, "functionId");
    Objects.requireNonNull(parent, "parent");
    return tracer.spanBuilder("call " + functionId)
        .setParent(parent)
        .setSpanKind(kind)
        .setAttribute(FUNCTION_ID, functionId)
        .startSpan();
  }

  /**
   * Ends a span: status OK, or, with a {@code failure}, the exception recorded as an event and status ERROR with its
   * message.
   */
  public static void end(Span span, @Nullable Throwable failure) {
    if (failure == null) {
      span.setStatus(StatusCode.OK);
    } else {
      span.recordException(failure);
      String message = failure.getMessage();
      span.setStatus(StatusCode.ERROR, message != null ? message : failure.getClass().getName());
    }
    span.end();
  }

  /**
   * A logger for worker code: OpenTelemetry log records when telemetry and logs are on, SLF4J under {@code name}
   * otherwise (so nothing is dropped when logs are disabled).
   */
  public WorkerLogger logger(String name) {
    Objects.requireNonNull(name, "name");
    if (enabled && logsToOtel) {
      return new OtelWorkerLogger(otel.getLogsBridge().get(name), Clock.getDefault());
    }
    return new Slf4jWorkerLogger(name);
  }

  /**
   * A logger bound to an invocation: like {@link #logger(String)}, but a record emitted on a thread without an active
   * span takes {@code fallback}'s trace and span ids (OpenTelemetry's context is thread-local and does not follow a
   * handler's continuations onto other executors).
   */
  public WorkerLogger logger(String name, Context fallback) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fallback, "fallback");
    if (enabled && logsToOtel) {
      return new OtelWorkerLogger(otel.getLogsBridge().get(name), Clock.getDefault(), fallback);
    }
    return new Slf4jWorkerLogger(name);
  }

  /**
   * An {@link HttpClient} that puts a CLIENT span and the W3C headers on every request when telemetry and
   * {@code fetchInstrumentationEnabled} are on (the seed's fetch/urllib instrumentation, without patching anything
   * global); {@code delegate} itself otherwise.
   */
  public HttpClient httpClient(HttpClient delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return enabled && traceHttpClients ? new TracingHttpClient(delegate, tracer, W3C) : delegate;
  }

  /** The worker id from {@code workerregistered} (null while disconnected): the gauges' {@code worker.id}. */
  public void onWorkerId(@Nullable String workerId) {
    if (gauges != null) {
      gauges.onWorkerId(workerId);
    }
  }

  /** Frames dropped because the {@code /otel} buffer was full (oldest first) or closed. */
  public long droppedFrames() {
    return buffer == null ? 0 : buffer.dropped();
  }

  /** Frames waiting for the {@code /otel} socket. */
  int bufferedFrames() {
    return buffer == null ? 0 : buffer.size();
  }

  boolean socketConnected() {
    return socket != null && socket.isConnected();
  }

  /**
   * Exports everything recorded so far into frames and waits (at most 5 s) until the socket has taken them. If the
   * socket is down, the frames stay buffered for the next connection and the stage still completes.
   */
  public CompletionStage<Void> flush() {
    if (ownSdk == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableResultCode.ofAll(List.of(
            ownSdk.getSdkTracerProvider().forceFlush(),
            ownSdk.getSdkMeterProvider().forceFlush(),
            ownSdk.getSdkLoggerProvider().forceFlush()))
        .whenComplete(() -> awaitDrained(done, System.nanoTime() + FLUSH_TIMEOUT.toNanos()));
    return done;
  }

  private void awaitDrained(CompletableFuture<Void> done, long deadline) {
    FrameBuffer b = Objects.requireNonNull(buffer);
    if (b.size() == 0 || !socketConnected() || System.nanoTime() > deadline) {
      done.complete(null);
      return;
    }
    CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS).execute(() -> awaitDrained(done, deadline));
  }

  /**
   * Flushes, shuts the worker's own SDK down (its last spans, logs and metrics become frames), then lets the socket
   * send what is buffered and close. Waits at most a few seconds; never throws. A user's SDK is left running.
   */
  @Override
  public void close() {
    try {
      closeAsync().toCompletableFuture().get(2 * FLUSH_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("telemetry did not close cleanly: {}", e.toString());
    }
  }

  /**
   * {@link #close()} without blocking the caller: the stage completes (never exceptionally) once the socket is closed,
   * bounded by about twice the flush timeout. Idempotent.
   */
  public CompletionStage<Void> closeAsync() {
    if (gauges != null) {
      gauges.close();
    }
    if (ownSdk == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> sdkDown = new CompletableFuture<>();
    CompletableResultCode shutdown = ownSdk.shutdown();
    shutdown.whenComplete(() -> sdkDown.complete(null));
    return sdkDown
        .completeOnTimeout(null, FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(v -> socket == null
            ? CompletableFuture.<Void>completedFuture(null)
            : socket.close(FLUSH_TIMEOUT).toCompletableFuture().<Void>thenApply(d -> null))
        .handle((v, e) -> {
          if (e != null) {
            LOG.warn("telemetry did not close cleanly: {}", e.toString());
          }
          long dropped = droppedFrames();
          if (dropped > 0) {
            LOG.warn("telemetry dropped {} frames in total (buffer full or closed)", dropped);
          }
          return null;
        });
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
