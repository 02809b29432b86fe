package dev.iii.sdk.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.iii.sdk.InitOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

  @Test
  void addressComesFromConfigThenIiiUrl() {
    var none = ConfigFactory.load();
    assertEquals("ws://env:1", RuntimeSettings.resolveUrl(none, Map.of("III_URL", "ws://env:1")::get));
    var configured = ConfigFactory.parseString("iii.url = \"ws://conf:2\"").withFallback(none);
    assertEquals("ws://conf:2", RuntimeSettings.resolveUrl(configured, Map.of("III_URL", "ws://env:1")::get));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.resolveUrl(none, k -> null));
    assertEquals(
        "no worker address: pass one to III.registerWorker, or set iii.url in application.conf or III_URL",
        e.getMessage());
  }

  @Test
  void optionsWinOverConfigurationWhichWinsOverReferenceDefaults() {
    var config = ConfigFactory.parseString("iii.shutdown-grace = 2s").withFallback(ConfigFactory.load());
    RuntimeSettings s =
        RuntimeSettings.resolve(InitOptions.newBuilder().invocationTimeout(Duration.ofSeconds(3)).build(), config);
    assertEquals(Duration.ofSeconds(3), s.invocationTimeout());
    assertEquals(Duration.ofSeconds(2), s.shutdownGrace());
    assertEquals(Duration.ofSeconds(30), s.connectTimeout());
    assertEquals(Duration.ofSeconds(20), s.pingInterval());
    assertEquals(Duration.ofSeconds(60), s.idleTimeout());
    assertEquals(Duration.ofMillis(1000), s.reconnection().initialDelay());
    assertEquals(-1, s.reconnection().maxRetries());
    assertEquals(64L * 1024 * 1024, s.maxMessageSize());
  }
}
