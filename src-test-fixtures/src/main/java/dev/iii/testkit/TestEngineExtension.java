package dev.iii.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link TestEngine} per test class, started before all tests and closed after them
 * (registered on an instance field instead of a static one, it gives one engine per test method).
 *
 * <pre>{@code
 * @ExtendWith(TestEngineExtension.class)
 * class MyTest {
 *   @Test void works(TestEngine engine) { ... engine.url() ... }
 * }
 *
 * class MyOtherTest {
 *   @RegisterExtension
 *   static final TestEngineExtension ENGINE =
 *       new TestEngineExtension(TestEngineOptions.newBuilder().port(49199).build());
 *   @Test void works() { ... ENGINE.engine().url() ... }
 * }
 * }</pre>
 *
 * JUnit is a {@code provided} dependency of the test kit: this class is usable only when the tests have JUnit
 * Jupiter on their classpath, which they do when they use it.
 */
public final class TestEngineExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final TestEngineOptions options;
  private volatile TestEngine engine;
  /** Set when registered on an instance field: JUnit then calls only the per-test callbacks. */
  private volatile boolean perTest;
  private int classDepth;

  /** For {@code @ExtendWith}: default options (ephemeral port on 127.0.0.1). */
  public TestEngineExtension() {
    this(TestEngineOptions.getDefaultInstance());
  }

  public TestEngineExtension(TestEngineOptions options) {
    this.options = options;
  }

  /** The running engine; only between the class's before-all and after-all phases. */
  public TestEngine engine() {
    TestEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("the test engine runs only while the test class runs "
          + "(register the extension on a static field with @RegisterExtension)");
    }
    return e;
  }

  /**
   * Before-all runs again for each {@code @Nested} class, which inherits the extension: the engine is shared
   * and closed when the outermost class is done.
   */
  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (classDepth++ == 0 && engine == null) {
      engine = TestEngine.start(options);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--classDepth == 0) {
      closeEngine();
    }
  }

  private synchronized void closeEngine() {
    TestEngine e = engine;
    engine = null;
    if (e != null) {
      e.close();
    }
  }

  /** Registered on an instance field (no before-all call): one engine per test method. */
  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (engine == null) {
      perTest = true;
      engine = TestEngine.start(options);
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (perTest) {
      perTest = false;
      closeEngine();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestEngine.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return engine();
  }
}
