package dev.iii.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Argument parsing of the standalone engine (the process itself is covered by StandaloneJarIT). */
class TestEngineMainTest {
  @Test
  void defaultsToPort49134OnLoopback() {
    TestEngineOptions o = TestEngineMain.parse(new String[0]);
    assertEquals(49134, o.port());
    assertEquals("127.0.0.1", o.host());
  }

  @Test
  void acceptsPortAndHostInBothForms() {
    TestEngineOptions o = TestEngineMain.parse(new String[] {"--port", "0", "--host=0.0.0.0"});
    assertEquals(0, o.port());
    assertEquals("0.0.0.0", o.host());
    assertEquals(5000, TestEngineMain.parse(new String[] {"--port=5000"}).port());
  }

  @Test
  void helpIsRecognised() {
    assertNull(TestEngineMain.parse(new String[] {"--help"}));
  }

  @Test
  void badArgumentsAreRejectedClearly() {
    assertEquals("unknown argument: --prot",
        assertThrows(IllegalArgumentException.class, () -> TestEngineMain.parse(new String[] {"--prot", "1"})).getMessage());
    assertEquals("--port needs a value",
        assertThrows(IllegalArgumentException.class, () -> TestEngineMain.parse(new String[] {"--port"})).getMessage());
    assertEquals("--port needs a number, got x",
        assertThrows(IllegalArgumentException.class, () -> TestEngineMain.parse(new String[] {"--port", "x"})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TestEngineMain.parse(new String[] {"--port", "70000"}));
  }
}
