package dev.iii.testkit.v023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngineOptions;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The option, its defaults and the standalone jar's {@code --engine-version} flag. */
class EngineVersionOptionTest {

  @Test
  void defaultsTo0116WithAFiveSecondGrace() {
    TestEngineOptions o = TestEngineOptions.getDefaultInstance();
    assertEquals(EngineVersion.V0_11_6, o.engineVersion());
    assertEquals(Duration.ofSeconds(5), o.registrationNamespaceGrace());
    TestEngineOptions copy = TestEngineOptions.newBuilder().engineVersion(EngineVersion.V0_23)
        .registrationNamespaceGrace(Duration.ofMillis(10)).build().toBuilder().build();
    assertEquals(EngineVersion.V0_23, copy.engineVersion());
    assertEquals(Duration.ofMillis(10), copy.registrationNamespaceGrace());
    assertThrows(IllegalArgumentException.class,
        () -> TestEngineOptions.newBuilder().registrationNamespaceGrace(Duration.ofSeconds(-1)));
  }

  @Test
  void standaloneFlagSelectsTheVersion() throws Exception {
    // TestEngineMain.parse is package-private in dev.iii.testkit: reached reflectively from this package.
    Method parse = Class.forName("dev.iii.testkit.TestEngineMain").getDeclaredMethod("parse", String[].class);
    parse.setAccessible(true);
    TestEngineOptions o = (TestEngineOptions) parse.invoke(null, (Object) new String[] {"--engine-version", "0.23"});
    assertEquals(EngineVersion.V0_23, o.engineVersion());
    o = (TestEngineOptions) parse.invoke(null, (Object) new String[] {"--engine-version=0.11.6"});
    assertEquals(EngineVersion.V0_11_6, o.engineVersion());
    o = (TestEngineOptions) parse.invoke(null, (Object) new String[0]);
    assertEquals(EngineVersion.V0_11_6, o.engineVersion());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineVersion.parse("1.0"));
    assertTrue(e.getMessage().contains("expected 0.11.6 or 0.23"), e.getMessage());
  }
}
