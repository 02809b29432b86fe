package dev.iii.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start, url, close, awaitFunction and the basic call path through two raw workers. */
class TestEngineLifecycleTest {

  @Test
  void startOnEphemeralPortGivesLoopbackUrl() {
    try (TestEngine engine = TestEngine.start()) {
      assertTrue(engine.port() > 0);
      assertEquals("ws://127.0.0.1:" + engine.port(), engine.url());
    }
  }

  @Test
  void startOnTakenPortFailsClearly() {
    try (TestEngine first = TestEngine.start()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TestEngine.start(TestEngineOptions.newBuilder().port(first.port()).build()));
      assertTrue(e.getMessage().contains(String.valueOf(first.port())), e.getMessage());
    }
  }

  @Test
  void closeAbortsLiveSocketsAndFreesThePort() throws Exception {
    TestEngine engine = TestEngine.start();
    int port = engine.port();
    RawWorker worker = RawWorker.connect(engine.url());
    engine.close();
    worker.closedFuture().get(10, TimeUnit.SECONDS);
    // The same port can be bound again at once (restart on the same port).
    try (TestEngine again = TestEngine.start(TestEngineOptions.newBuilder().port(port).build())) {
      assertEquals(port, again.port());
    }
  }

  @Test
  void awaitFunctionReturnsOnceRegisteredAndTimesOutOtherwise() throws Exception {
    try (TestEngine engine = TestEngine.start(); RawWorker w = RawWorker.connect(engine.url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"math::add\"}");
      engine.awaitFunction("math::add");
      assertEquals("math::add", engine.functions().get(0).id());
      assertEquals(w.workerId(), engine.functions().get(0).ownerWorkerId());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> engine.awaitFunction("nope", Duration.ofMillis(50)));
      assertTrue(e.getMessage().contains("math::add"), e.getMessage());
    }
  }

  @Test
  void syncCallIsRoutedToTheOwnerAndTheResultBack() throws Exception {
    try (TestEngine engine = TestEngine.start();
        RawWorker callee = RawWorker.connect(engine.url());
        RawWorker caller = RawWorker.connect(engine.url())) {
      callee.send("{\"type\":\"registerfunction\",\"id\":\"math::add\"}");
      engine.awaitFunction("math::add");
      String id = "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11";
      caller.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"math::add\",\"data\":{\"a\":1,\"b\":2}}");
      JsonNode call = callee.awaitType("invokefunction");
      assertEquals(id, call.get("invocation_id").asText());
      assertEquals(RawWorker.parse("{\"a\":1,\"b\":2,\"_caller_worker_id\":\"" + caller.workerId() + "\"}"),
          call.get("data"));
      callee.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"math::add\",\"result\":{\"sum\":3}}");
      JsonNode result = caller.awaitResult(id);
      assertEquals(RawWorker.parse("{\"type\":\"invocationresult\",\"invocation_id\":\"" + id
          + "\",\"function_id\":\"math::add\",\"result\":{\"sum\":3}}"), result);
    }
  }

  @Test
  void workersAreListedWithTheirUpgradeHeadersAndRemovedWhenTheyLeave() throws Exception {
    try (TestEngine engine = TestEngine.start()) {
      RawWorker w = RawWorker.connect(engine.url(), java.util.Map.of("X-Tenant", "acme"));
      assertEquals(1, engine.workers().size());
      assertEquals("acme", engine.workers().get(0).headers().get("x-tenant"));
      w.close();
      Await.condition(Duration.ofSeconds(10), () -> engine.workers().isEmpty(), () -> "worker removed");
    }
  }

  @Test
  void plainHttpRequestIsRecordedAndRefused() throws Exception {
    try (TestEngine engine = TestEngine.start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + "/?token=x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode());
      assertEquals("/", engine.upgradeRequests().get(0).path());
    }
  }
}
