package dev.iii.sdk.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.iii.sdk.internal.telemetry.Telemetry;
import dev.iii.sdk.internal.wire.WireMessage;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seam's wire-level contract: headers on outbound calls and on replies, context around handlers. */
class OtelSeamTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String INBOUND = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

  static OpenTelemetrySdk sdk;
  static OtelSeam seam;

  @BeforeAll
  static void start() {
    // A span processor is needed: a provider without one hands out non-recording spans.
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite()))
            .build())
        .build();
    seam = new OtelSeam(Telemetry.usingUserSdk(sdk, false, false));
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  private static WireMessage.InvokeFunction inbound(String traceparent, String baggage) {
    return new WireMessage.InvokeFunction(UUID.randomUUID(), "orders::create",
        JsonNodeFactory.instance.objectNode(), traceparent, baggage, null, null, null);
  }

  @Test
  void replyCarriesTheServerSpansTraceparentAndTheInboundBaggage() {
    WireMessage.InvokeFunction msg = inbound(INBOUND, "tenant=acme");
    InboundTrace trace = seam.inbound(msg);
    AtomicReference<Span> inHandler = new AtomicReference<>();
    AtomicReference<String> tenant = new AtomicReference<>();
    trace.wrap(() -> {
      inHandler.set(Span.current());
      tenant.set(Baggage.current().getEntryValue("tenant"));
    }).run();
    trace.end(null);

    String reply = trace.replyTraceparent(msg);
    assertNotNull(reply);
    String serverSpanId = inHandler.get().getSpanContext().getSpanId();
    assertEquals("00-" + TRACE_ID + "-" + serverSpanId + "-01", reply, "the SERVER span's traceparent");
    assertNotEquals("b7ad6b7169203331", serverSpanId);
    assertEquals("tenant=acme", trace.replyBaggage(msg));
    assertEquals("acme", tenant.get(), "baggage is current in the handler");
    assertFalse(Span.current().getSpanContext().isValid(), "nothing leaks onto the calling thread");
  }

  @Test
  void outboundCallIsAChildOfTheCurrentContextAndCompletesInTheCallersContext() {
    Span parent = sdk.getTracer("test").spanBuilder("parent").startSpan();
    OutboundTrace call;
    try (Scope ignored = Context.current().with(parent)
        .with(Baggage.builder().put("k", "v").build()).makeCurrent()) {
      call = seam.outbound("orders::create");
    }
    assertNotNull(call.traceparent());
    assertTrue(call.traceparent().startsWith("00-" + parent.getSpanContext().getTraceId() + "-"));
    assertFalse(call.traceparent().contains(parent.getSpanContext().getSpanId()), "the CLIENT span is the parent");
    assertEquals("k=v", call.baggage());
    AtomicReference<Span> onCompletion = new AtomicReference<>();
    call.wrapCompletion(() -> onCompletion.set(Span.current())).run();
    assertEquals(parent.getSpanContext(), onCompletion.get().getSpanContext(), "completion runs in the caller's context");
    call.end(null);
    parent.end();
  }

  @Test
  void noopSeamCreatesNothingAndEchoesInboundHeaders() {
    WireMessage.InvokeFunction msg = inbound(INBOUND, "tenant=acme");
    assertSame(InboundTrace.NONE, TelemetrySeam.NOOP.inbound(msg));
    assertSame(OutboundTrace.NONE, TelemetrySeam.NOOP.outbound("x"));
    Runnable task = () -> {};
    assertSame(task, InboundTrace.NONE.wrap(task), "no wrapping when off");
    assertEquals(INBOUND, InboundTrace.NONE.replyTraceparent(msg));
    assertEquals("tenant=acme", InboundTrace.NONE.replyBaggage(msg));
    assertNull(OutboundTrace.NONE.traceparent());
  }
}
