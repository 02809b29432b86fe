package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.UpgradeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Issue 6, must-show 8: upgrade headers from a supplier, evaluated again on every reconnect (expiring tokens). */
class HeadersSupplierTest {

  @Test
  void theSupplierIsCalledAgainForEveryConnection() throws Exception {
    AtomicInteger token = new AtomicInteger();
    Supplier<Map<String, String>> headers = () -> Map.of("authorization", "Bearer t" + token.incrementAndGet());
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder()
          .headers(headers)
          .reconnection(fastRetries(-1))
          .otel(dev.iii.sdk.OtelConfig.newBuilder().enabled(false).build())
          .build());
      try {
        String firstId = worker.workerId();
        engine.restart();
        awaitCondition(Duration.ofSeconds(10), () -> worker.connectionState() == ConnectionState.CONNECTED
            && worker.workerId() != null && !worker.workerId().equals(firstId), "reconnected");

        List<String> sent = engine.upgradeRequests().stream()
            .filter(r -> r.path().equals("/"))
            .map(UpgradeRequest::headers)
            .map(h -> h.get("authorization"))
            .toList();
        assertTrue(sent.size() >= 1, "upgrade requests after the restart: " + sent);
        String last = sent.get(sent.size() - 1);
        assertTrue(!"Bearer t1".equals(last), "a fresh token on reconnect, got " + sent);
        assertEquals("Bearer t" + token.get(), last, "the latest supplied token was sent");
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void badSupplierResultsAreRejectedClearly() {
    assertThrows(NullPointerException.class,
        () -> InitOptions.newBuilder().headers((Supplier<Map<String, String>>) null));
    InitOptions nullResult = InitOptions.newBuilder().headers(() -> null).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> nullResult.headersSupplier().get());
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    InitOptions blankName = InitOptions.newBuilder().headers(() -> Map.of(" ", "x")).build();
    assertThrows(IllegalArgumentException.class, () -> blankName.headersSupplier().get());
    // Fixed headers still work and replace a supplier.
    InitOptions fixed = InitOptions.newBuilder().headers(() -> Map.of("a", "1")).headers(Map.of("b", "2")).build();
    assertEquals(Map.of("b", "2"), fixed.headersSupplier().get());
  }
}
