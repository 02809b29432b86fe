package dev.iii.testkit.internal.http;

import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.internal.EngineCore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one install call of this package: starts the {@code http} trigger module on its port and, when
 * {@link TestEngineOptions#httpFunctions()} is set, routes {@code registerfunction.invocation} to
 * {@link HttpFunctionsModule}. Close it with the engine.
 */
public final class HttpModules implements AutoCloseable {
  private final HttpTriggerModule triggers;

  private HttpModules(HttpTriggerModule triggers) {
    this.triggers = triggers;
  }

  /** Throws {@link UncheckedIOException} if the HTTP port cannot be bound. */
  public static HttpModules install(EngineCore core, TestEngineOptions options, int httpPort, String engineWsUrl) {
    TestEngineOptions.HttpFunctionsSecurity security = options.httpFunctions();
    if (security != null) {
      HttpFunctionsModule functions = new HttpFunctionsModule(security.urlAllowlist(), security.blockPrivateIps(),
          security.requireHttps(), options.environment(), options.clock());
      core.setHttpFunctions(functions::register);
    }
    try {
      return new HttpModules(HttpTriggerModule.start(core, options.clock(), options.host(), httpPort,
          options.httpDefaultTimeout(), options.httpMiddleware(), engineWsUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the HTTP trigger port " + options.host() + ":"
          + httpPort, e);
    }
  }

  /** The bound HTTP trigger port. */
  public int port() {
    return triggers.port();
  }

  @Override
  public void close() {
    triggers.close();
  }
}
