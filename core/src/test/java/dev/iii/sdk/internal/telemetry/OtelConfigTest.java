package dev.iii.sdk.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.OtelConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelConfigTest {
  @Test
  void defaultsMatchTheSeed() {
    OtelConfig c = OtelConfig.getDefaultInstance();
    assertTrue(c.isEnabled());
    assertEquals("iii-java-sdk", c.serviceName());
    assertEquals("unknown", c.serviceVersion());
    assertNull(c.serviceNamespace());
    assertNull(c.serviceInstanceId());
    assertNull(c.engineWsUrl());
    assertTrue(c.isMetricsEnabled());
    assertEquals(Duration.ofSeconds(60), c.metricsExportInterval());
    assertTrue(c.isLogsEnabled());
    assertEquals(Duration.ofMillis(100), c.logsFlushInterval());
    assertEquals(1, c.logsBatchSize());
    assertTrue(c.isFetchInstrumentationEnabled());
    assertTrue(c.isEnableMetricsReporting());
  }

  @Test
  void environmentFillsUnsetFields() {
    Map<String, String> env = Map.of(
        "OTEL_SERVICE_NAME", "billing",
        "SERVICE_VERSION", "1.2.3",
        "SERVICE_NAMESPACE", "shop",
        "SERVICE_INSTANCE_ID", "i-1",
        "OTEL_METRICS_ENABLED", "off",
        "OTEL_LOGS_FLUSH_INTERVAL_MS", "250",
        "OTEL_LOGS_BATCH_SIZE", "8",
        "III_URL", "ws://elsewhere:1");
    OtelConfig c = OtelConfig.fromEnvironment(env::get);
    assertTrue(c.isEnabled());
    assertEquals("billing", c.serviceName());
    assertEquals("1.2.3", c.serviceVersion());
    assertEquals("shop", c.serviceNamespace());
    assertEquals("i-1", c.serviceInstanceId());
    assertFalse(c.isMetricsEnabled());
    assertEquals(Duration.ofMillis(250), c.logsFlushInterval());
    assertEquals(8, c.logsBatchSize());
    assertNull(c.engineWsUrl(), "III_URL must never redirect a worker's telemetry");
  }

  @Test
  void explicitValuesWinOverTheEnvironment() {
    OtelConfig c = OtelConfig.newBuilder().serviceName("explicit").enabled(true).logsBatchSize(3).build()
        .toBuilder()
        .fillFromEnvironment(Map.of("OTEL_SERVICE_NAME", "env", "OTEL_ENABLED", "false",
            "OTEL_LOGS_BATCH_SIZE", "9")::get)
        .build();
    assertEquals("explicit", c.serviceName());
    assertTrue(c.isEnabled());
    assertEquals(3, c.logsBatchSize());
  }

  @Test
  void otelEnabledFalseValuesDisable() {
    for (String v : new String[] {"false", "0", "no", "off", "OFF", " False "}) {
      assertFalse(OtelConfig.fromEnvironment(Map.of("OTEL_ENABLED", v)::get).isEnabled(), v);
    }
    for (String v : new String[] {"true", "1", "yes", "anything"}) {
      assertTrue(OtelConfig.fromEnvironment(Map.of("OTEL_ENABLED", v)::get).isEnabled(), v);
    }
  }

  @Test
  void invalidEnvironmentNumbersFallBackToDefaults() {
    OtelConfig c = OtelConfig.fromEnvironment(
        Map.of("OTEL_LOGS_BATCH_SIZE", "0", "OTEL_LOGS_FLUSH_INTERVAL_MS", "soon")::get);
    assertEquals(1, c.logsBatchSize());
    assertEquals(Duration.ofMillis(100), c.logsFlushInterval());
  }

  @Test
  void badBuilderInputIsRejectedClearly() {
    var b = OtelConfig.newBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.logsBatchSize(0));
    assertThrows(IllegalArgumentException.class, () -> b.metricsExportInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.serviceName(" "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.engineWsUrl("http://host/otel"));
    assertTrue(e.getMessage().contains("ws://"), e.getMessage());
  }

  @Test
  void otelUrlIsDerivedFromTheWorkerAddress() {
    assertEquals("ws://h:49134/otel", OtelUrls.otelUrl(null, "ws://h:49134"));
    assertEquals("ws://h:49134/otel", OtelUrls.otelUrl(null, "ws://h:49134/"));
    assertEquals("wss://h/base/otel", OtelUrls.otelUrl(null, "wss://h/base?token=x#f"));
    assertEquals("ws://h:1/otel", OtelUrls.otelUrl(null, "ws://h:1/otel"));
    assertEquals("ws://other:2/x", OtelUrls.otelUrl("ws://other:2/x", "ws://h:1"));
    assertThrows(IllegalArgumentException.class, () -> OtelUrls.otelUrl(null, "http://h:1"));
    assertThrows(IllegalArgumentException.class, () -> OtelUrls.otelUrl(null, "not a url"));
  }
}
