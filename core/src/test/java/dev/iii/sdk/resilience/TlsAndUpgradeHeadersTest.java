package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.Channel;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TestSupport;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.UpgradeRequest;
import dev.iii.testkit.internal.tls.SelfSignedTls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, must-show 4: {@code wss://} with the user's {@code SSLContext}; the upgrade headers go on the control
 * socket {@code /} and the telemetry socket {@code /otel}, and never on a channel socket (channel access is by key).
 */
class TlsAndUpgradeHeadersTest {

  @Test
  void wssWithAUserSslContextCarriesHeadersOnControlAndOtelOnly() throws Exception {
    SelfSignedTls tls = SelfSignedTls.get();
    try (TestEngine engine =
        TestEngine.start(TestSupport.engineOptions().toBuilder().tls(tls.serverContext()).build())) {
      assertTrue(engine.url().startsWith("wss://"), engine.url());
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder()
          .sslContext(tls.clientContext())
          .headers(Map.of("x-api-key", "secret-1"))
          .build());
      try {
        worker.registerFunction(FunctionDef.json("tls::echo", (in, ctx) -> in));
        await(worker.awaitRegistrations(), Duration.ofSeconds(10));
        assertEquals("over tls", worker.call("tls::echo", "over tls").asText());

        Channel channel = worker.createChannel();
        channel.writer().write("hello".getBytes(StandardCharsets.UTF_8));
        channel.writer().close();
        String read = await(channel.reader().readAll(1024), Duration.ofSeconds(10)).decodeString(StandardCharsets.UTF_8);
        assertTrue(read.contains("hello"), read);
        awaitCondition(Duration.ofSeconds(10),
            () -> engine.upgradeRequests().stream().anyMatch(r -> r.path().equals("/otel")), "the /otel socket");

        List<UpgradeRequest> requests = engine.upgradeRequests();
        List<UpgradeRequest> control = requests.stream().filter(r -> r.path().equals("/")).toList();
        List<UpgradeRequest> otel = requests.stream().filter(r -> r.path().equals("/otel")).toList();
        List<UpgradeRequest> channels = requests.stream().filter(r -> r.path().startsWith("/ws/channels/")).toList();
        assertTrue(!control.isEmpty() && !otel.isEmpty(), requests.toString());
        assertTrue(channels.size() >= 2, "both channel ends opened sockets: " + requests);
        control.forEach(r -> assertEquals("secret-1", r.headers().get("x-api-key"), "control: " + r));
        otel.forEach(r -> assertEquals("secret-1", r.headers().get("x-api-key"), "otel: " + r));
        channels.forEach(r -> assertTrue(!r.headers().containsKey("x-api-key"), "channel must not carry it: " + r));
      } finally {
        worker.shutdown();
      }
    }
  }
}
