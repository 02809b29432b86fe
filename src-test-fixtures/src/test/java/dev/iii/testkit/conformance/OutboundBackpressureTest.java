package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A provider that stops reading fills its bounded outbound queue; the engine then waits, so a consumer whose
 * {@code registertrigger} must be forwarded to that provider is stalled in its read loop (PROTOCOL §1.7,
 * ENGINE §3.1). Nothing is dropped: once the provider reads again, every forwarded frame arrives.
 */
class OutboundBackpressureTest {
  private static final String PAD = "p".repeat(256 * 1024);

  /** Waits until the number of stored triggers has not grown for a second and returns it. */
  private static int awaitStall(TestEngine engine) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int now = engine.triggers().size();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - since > Duration.ofSeconds(1).toNanos()) {
        return now;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // sampling interval
    }
    throw new AssertionError("trigger registrations never stalled (last count " + last + ")");
  }

  @Test
  @Tag("heavy")
  void aProviderThatStopsReadingStallsRegistrationsForwardedToItAndLosesNothing() throws Exception {
    try (TestEngine engine = TestEngine.start(); RawWorker consumer = RawWorker.connect(engine.url())) {
      AtomicInteger forwarded = new AtomicInteger();
      WebSocket provider = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(engine.url()), new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
              ws.request(1); // only workerregistered; then the provider stops reading
            }

            // Big messages arrive in parts of any size; the type is within the first characters.
            private final StringBuilder head = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              if (head.length() < 64) {
                head.append(data, 0, Math.min(data.length(), 64 - head.length()));
              }
              if (last) {
                if (head.toString().startsWith("{\"type\":\"registertrigger\"")) {
                  forwarded.incrementAndGet();
                }
                head.setLength(0);
              }
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      provider.sendText("{\"type\":\"registertriggertype\",\"id\":\"slow\",\"description\":\"\"}", true).join();
      Await.condition(Duration.ofSeconds(10), () -> engine.triggerTypes().stream().anyMatch(t -> t.id().equals("slow")));

      // The consumer's frames are pumped from another thread: once the engine stops reading the consumer (that
      // is the point), the consumer's own sends block too.
      int total = 300; // 75 MiB of forwarded configs: far more than the socket buffers on the provider's side
      CompletableFuture<Void> pump = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < total; i++) {
          consumer.send("{\"type\":\"registertrigger\",\"id\":\"t" + i + "\",\"trigger_type\":\"slow\","
              + "\"function_id\":\"a::b\",\"config\":{\"pad\":\"" + PAD + "\"}}");
        }
      });
      int stalledAt = awaitStall(engine);
      assertTrue(stalledAt < total, "registrations stop while the provider does not read (stalled at "
          + stalledAt + ")");
      assertTrue(forwarded.get() == 0);

      provider.request(Long.MAX_VALUE); // the provider reads again
      pump.get(60, TimeUnit.SECONDS);
      Await.condition(Duration.ofSeconds(60), () -> forwarded.get() == total,
          () -> "all " + total + " forwarded registertrigger frames delivered (got " + forwarded.get() + ")");
      consumer.barrier();
      assertEquals(total, engine.triggers().size());
      provider.abort();
    }
  }
}
