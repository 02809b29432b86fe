package dev.iii.sdk.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** W3C propagation, SERVER/CLIENT spans and the traced HttpClient (PROTOCOL §4.7, DESIGN §3 Telemetry). */
class PropagationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

  private final List<byte[]> frames = new CopyOnWriteArrayList<>();

  /** The user's own SDK, exporting synchronously into {@link #frames}. */
  private Telemetry userSdkTelemetry() {
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .setMeterProvider(MeterProvider::noop)
        .addSpanProcessor(SimpleSpanProcessor.builder(new FrameExporters.Spans(frames::add))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    return Telemetry.usingUserSdk(OpenTelemetrySdk.builder().setTracerProvider(tracing).build());
  }

  private List<JsonNode> spans() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (byte[] f : frames) {
      JSON.readTree(Arrays.copyOfRange(f, 4, f.length)).at("/resourceSpans/0/scopeSpans/0/spans").forEach(out::add);
    }
    return out;
  }

  @Test
  void noHeadersMeansNoParentAndNothingToSend() {
    Telemetry t = Telemetry.disabled();
    Context ctx = t.extract(null, " ");
    assertSame(Context.root(), ctx);
    assertEquals(TraceHeaders.NONE, t.inject(ctx));
  }

  @Test
  void disabledTelemetryStillCarriesTheInboundContextThrough() {
    Telemetry t = Telemetry.disabled();
    Context parent = t.extract(TRACEPARENT, "tenant=acme");
    Span server = t.startServerSpan("orders::create", parent);
    TraceHeaders out = t.inject(parent.with(server));
    assertEquals(TRACEPARENT, out.traceparent(), "a no-op span keeps the inbound span context");
    assertEquals("tenant=acme", out.baggage());
    Telemetry.end(server, new RuntimeException("ignored when not recording"));
  }

  @Test
  void serverSpanIsAChildOfTheInboundContextAndReplyCarriesIt() throws Exception {
    Telemetry t = userSdkTelemetry();
    assertTrue(t.enabled());
    Context parent = t.extract(TRACEPARENT, "tenant=acme");
    Span server = t.startServerSpan("orders::create", parent);
    TraceHeaders reply = t.inject(parent.with(server));
    Telemetry.end(server, null);

    String[] parts = reply.traceparent().split("-");
    assertEquals(TRACE_ID, parts[1]);
    assertEquals(server.getSpanContext().getSpanId(), parts[2]);
    assertNotEquals("b7ad6b7169203331", parts[2]);
    assertEquals("tenant=acme", reply.baggage());

    JsonNode span = spans().get(0);
    assertEquals("call orders::create", span.get("name").asText());
    assertEquals(2, span.get("kind").asInt());
    assertEquals("b7ad6b7169203331", span.get("parentSpanId").asText());
    assertEquals(1, span.at("/status/code").asInt());
    assertEquals("orders::create", span.at("/attributes/0/value/stringValue").asText());
  }

  @Test
  void outboundTraceparentCarriesOnlyTheSampledFlag() {
    // The Java SDK marks its roots with the W3C "random" flag (…-03); the engine's Rust propagator rejects that.
    Telemetry t = userSdkTelemetry();
    Span root = t.startClientSpan("a::b", Context.root());
    String traceparent = t.inject(Context.root().with(root)).traceparent();
    Telemetry.end(root, null);
    assertTrue(traceparent.endsWith("-01"), traceparent);
    assertEquals("00-" + TRACE_ID + "-b7ad6b7169203331-00",
        Telemetry.sampledFlagOnly("00-" + TRACE_ID + "-b7ad6b7169203331-02"));
    assertEquals(TRACEPARENT, Telemetry.sampledFlagOnly(TRACEPARENT));
  }

  @Test
  void clientSpanForOutboundCallsAndFailuresAreRecorded() throws Exception {
    Telemetry t = userSdkTelemetry();
    Span client = t.startClientSpan("billing::charge", Context.root());
    TraceHeaders outbound = t.inject(Context.root().with(client));
    assertNotNull(outbound.traceparent());
    Telemetry.end(client, new IllegalStateException("card declined"));

    JsonNode span = spans().get(0);
    assertEquals("call billing::charge", span.get("name").asText());
    assertEquals(3, span.get("kind").asInt());
    assertFalse(span.has("parentSpanId"));
    assertEquals(2, span.at("/status/code").asInt());
    assertEquals("card declined", span.at("/status/message").asText());
    assertEquals("exception", span.at("/events/0/name").asText());
  }

  @Test
  void tracedHttpClientSendsTraceHeadersAndRecordsClientSpans() throws Exception {
    List<String> seenTraceparents = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seenTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
      int status = exchange.getRequestURI().getPath().equals("/fail") ? 500 : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try {
      Telemetry t = userSdkTelemetry();
      HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpClient traced = t.httpClient(plain);
      assertNotEquals(plain, traced);
      assertSame(plain, Telemetry.disabled().httpClient(plain), "no wrapping when telemetry is off");
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      Span parent = t.startServerSpan("handler", Context.root());
      try (Scope ignored = parent.makeCurrent()) {
        assertEquals(200, traced.send(HttpRequest.newBuilder(URI.create(base + "/ok")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(500, traced.sendAsync(HttpRequest.newBuilder(URI.create(base + "/fail")).build(),
            HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS).statusCode());
      }
      Telemetry.end(parent, null);

      List<JsonNode> spans = spans();
      JsonNode ok = spans.stream().filter(s -> s.get("name").asText().equals("GET /ok")).findFirst().orElseThrow();
      JsonNode fail = spans.stream().filter(s -> s.get("name").asText().equals("GET /fail")).findFirst()
          .orElseThrow();
      assertEquals(3, ok.get("kind").asInt());
      assertEquals(parent.getSpanContext().getSpanId(), ok.get("parentSpanId").asText());
      assertEquals(1, ok.at("/status/code").asInt());
      assertEquals(2, fail.at("/status/code").asInt());
      assertEquals("00-" + parent.getSpanContext().getTraceId() + "-" + ok.get("spanId").asText() + "-01",
          seenTraceparents.get(0), "the server sees the client span as parent");
      assertTrue(seenTraceparents.get(1).contains(fail.get("spanId").asText()));
    } finally {
      server.stop(0);
    }
  }
}
