package dev.iii.examples;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import org.jspecify.annotations.Nullable;

/**
 * Where an example's worker connects: the engine at {@code III_URL} when it is set, else an embedded test engine
 * started for the example (and closed with it). Keeps every example runnable with no engine installed.
 */
final class ExampleEngine implements AutoCloseable {
  private final @Nullable TestEngine embedded;
  private final String url;
  private final @Nullable String httpUrl;

  private ExampleEngine(@Nullable TestEngine embedded, String url, @Nullable String httpUrl) {
    this.embedded = embedded;
    this.url = url;
    this.httpUrl = httpUrl;
  }

  static ExampleEngine fromEnvironment(TestEngineOptions embeddedOptions) {
    String url = System.getenv("III_URL");
    if (url != null && !url.isBlank()) {
      // A real engine serves HTTP triggers on its iii-http port (3111 by default).
      String http = System.getenv().getOrDefault("III_HTTP_URL", "http://localhost:3111");
      return new ExampleEngine(null, url, http);
    }
    TestEngine engine = TestEngine.start(embeddedOptions);
    System.out.println("[example] no III_URL set: started the embedded test engine at " + engine.url());
    return new ExampleEngine(engine, engine.url(), engine.httpUrl());
  }

  String url() {
    return url;
  }

  /** The base URL of the engine's HTTP trigger server. */
  String httpUrl() {
    if (httpUrl == null) {
      throw new IllegalStateException("this engine has no HTTP trigger server");
    }
    return httpUrl;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
