package dev.iii.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iii.testkit.support.RawWorker;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both ways of using the JUnit 5 extension. */
class TestEngineExtensionTest {

  @Test
  void engineIsUnavailableOutsideTheClassLifecycle() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TestEngineExtension().engine());
    assertEquals(true, e.getMessage().contains("@RegisterExtension"));
  }

  @Nested
  @ExtendWith(TestEngineExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class InjectedAsParameter {
    private static TestEngine first;

    @Test
    @Order(1)
    void engineIsInjectedAndWorks(TestEngine engine) throws Exception {
      first = engine;
      try (RawWorker w = RawWorker.connect(engine.url())) {
        w.send("{\"type\":\"registerfunction\",\"id\":\"ext::f\"}");
        engine.awaitFunction("ext::f");
      }
    }

    @Test
    @Order(2)
    void oneEnginePerTestClass(TestEngine engine) {
      assertSame(first, engine);
    }
  }

  @Nested
  @ExtendWith(TestEngineExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class SharedWithNestedClasses {
    private static TestEngine outer;

    @Test
    @Order(1)
    void outerTest(TestEngine engine) {
      outer = engine;
    }

    @Nested
    class Inner {
      @Test
      void innerSeesTheSameRunningEngine(TestEngine engine) throws Exception {
        assertSame(outer, engine);
        try (RawWorker w = RawWorker.connect(engine.url())) {
          assertEquals(w.workerId(), engine.workers().get(0).id());
        }
      }
    }

    @Test
    @Order(2)
    void anotherOuterTestUsesTheSameEngine(TestEngine engine) throws Exception {
      assertSame(outer, engine);
      try (RawWorker w = RawWorker.connect(engine.url())) {
        assertEquals(w.workerId(), engine.workers().get(0).id());
      }
    }
  }

  @Nested
  class RegisteredWithOptions {
    @RegisterExtension
    final TestEngineExtension engine = new TestEngineExtension(TestEngineOptions.newBuilder().host("127.0.0.1").build());

    @Test
    void engineIsReachable() throws Exception {
      try (RawWorker w = RawWorker.connect(engine.engine().url())) {
        assertEquals(w.workerId(), engine.engine().workers().get(0).id());
      }
    }
  }
}
