package dev.iii.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
import dev.iii.testkit.TestEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code iii.httpClient()}: W3C headers on requests sent inside a handler when telemetry is on; plain when off. */
class HttpClientTracingTest {
  static TestEngine engine;
  static HttpServer http;
  static final LinkedBlockingQueue<String> traceparents = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    engine = TestEngine.start();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", exchange -> {
      String tp = exchange.getRequestHeaders().getFirst("traceparent");
      traceparents.add(tp == null ? "none" : tp);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    http.start();
  }

  @AfterAll
  static void stop() {
    if (http != null) http.stop(0);
    if (engine != null) engine.close();
  }

  private static String fetchInsideAHandler(III worker, String functionId) throws Exception {
    worker.registerFunction(FunctionDef.json(functionId, (in, ctx) -> {
      HttpRequest req = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/x")).timeout(Duration.ofSeconds(5)).build();
      return Map.of("status", ctx.iii().httpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode());
    }));
    TestSupport.await(worker.awaitRegistrations());
    assertEquals(204, worker.call(functionId, Map.of()).path("status").asInt());
    String tp = traceparents.poll(5, TimeUnit.SECONDS);
    assertNotNull(tp, "the server saw the request");
    return tp;
  }

  @Test
  void tracedClientSendsTheHandlersTraceContext() throws Exception {
    III worker = III.registerWorker(engine.url(), InitOptions.getDefaultInstance());
    try {
      assertSame(worker.httpClient(), worker.httpClient(), "one client per worker");
      String tp = fetchInsideAHandler(worker, "http::on");
      assertTrue(tp.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), tp);
    } finally {
      worker.shutdown();
    }
  }

  @Test
  void plainClientWhenTelemetryIsOff() throws Exception {
    III worker =
        WorkerRuntime.registerBlocking(null, engine.url(), InitOptions.getDefaultInstance(),
            Map.of("OTEL_ENABLED", "off")::get);
    try {
      assertEquals("none", fetchInsideAHandler(worker, "http::off"));
    } finally {
      worker.shutdown();
    }
  }
}
