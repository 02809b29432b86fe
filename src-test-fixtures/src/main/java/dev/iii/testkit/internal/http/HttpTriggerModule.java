package dev.iii.testkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.TriggerEntry;
import dev.iii.testkit.internal.TriggerRegistrator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code http} trigger type on its own port (ENGINE §6): registering a trigger adds a route, unregistering
 * removes it; each HTTP request runs {@link RequestPipeline} on a server thread.
 */
public final class HttpTriggerModule implements TriggerRegistrator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTriggerModule.class);

  private final Routes routes = new Routes();
  private final RequestPipeline pipeline;
  private final HttpServer server;
  private final ExecutorService threads;

  private HttpTriggerModule(EngineCore core, EngineClock clock, Duration defaultTimeout, List<String> middleware,
      HttpServer server, ExecutorService threads, String engineWsUrl) {
    ChannelEnds ends = new ChannelEnds(HttpClient.newBuilder().executor(threads).build(), engineWsUrl);
    this.pipeline = new RequestPipeline(core, clock, defaultTimeout, middleware, ends, threads);
    this.server = server;
    this.threads = threads;
  }

  /** Binds the HTTP port and makes {@code http} a type served by this module. */
  public static HttpTriggerModule start(EngineCore core, EngineClock clock, String host, int port,
      Duration defaultTimeout, List<String> globalMiddleware, String engineWsUrl) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    AtomicInteger n = new AtomicInteger();
    // Requests wait for functions, so each needs its own thread (the engine's limit of 1024 is not simulated).
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "iii-test-engine-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    HttpTriggerModule module = new HttpTriggerModule(core, clock, defaultTimeout, List.copyOf(globalMiddleware),
        server, threads, engineWsUrl);
    server.createContext("/", module::serve);
    server.start();
    core.triggerHub().setBuiltinType("http", "HTTP API trigger", module);
    return module;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  // ---------------------------------------------------------------- TriggerRegistrator (ENGINE §6.2)

  @Override
  public CompletionStage<Void> register(TriggerEntry t) {
    try {
      Routes.Route route = toRoute(t);
      if (route == null) {
        return CompletableFuture.completedFuture(null); // stored, but no route (unsupported method)
      }
      routes.put(route);
      LOG.debug("http route {} -> {}", route.key(), route.functionId());
      return CompletableFuture.completedFuture(null);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e); // not stored; the engine only logs it
    }
  }

  @Override
  public CompletionStage<Void> unregister(TriggerEntry t) {
    JsonNode path = t.config().get("api_path");
    if (path != null && path.isTextual()) {
      routes.remove(methodOf(t.config()), path.textValue());
    }
    return CompletableFuture.completedFuture(null);
  }

  private static Routes.@Nullable Route toRoute(TriggerEntry t) {
    JsonNode config = t.config();
    JsonNode path = config.get("api_path");
    if (path == null || !path.isTextual()) {
      throw new IllegalArgumentException("http trigger " + t.id() + ": api_path is required");
    }
    String method = methodOf(config);
    if (!Routes.METHODS.contains(method)) {
      LOG.warn("http trigger {}: unsupported method {}, no route created", t.id(), method);
      return null;
    }
    JsonNode cond = config.get("condition_function_id");
    List<String> middleware = new ArrayList<>();
    JsonNode mw = config.get("middleware_function_ids");
    if (mw != null && mw.isArray()) {
      mw.forEach(m -> {
        if (m.isTextual()) {
          middleware.add(m.textValue()); // non-strings are ignored
        }
      });
    }
    return new Routes.Route(t.id(), method, path.textValue(), t.functionId(),
        cond != null && cond.isTextual() ? cond.textValue() : null, List.copyOf(middleware));
  }

  private static String methodOf(JsonNode config) {
    JsonNode m = config.get("http_method");
    return m != null && m.isTextual() ? m.textValue().toUpperCase(Locale.ROOT) : "GET";
  }

  // ---------------------------------------------------------------- serving

  private void serve(HttpExchange ex) {
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      if (permissiveCors(ex, method)) {
        return;
      }
      Routes.Match match = routes.match(method, ex.getRequestURI().getRawPath());
      Reply reply;
      if (match.route() == null) {
        // HEAD is not served by a GET route: the engine answers 404 there, other method mismatches 405.
        reply = Reply.empty(match.pathExists() && !method.equals("HEAD") ? 405 : 404);
      } else {
        reply = pipeline.run(ex, match);
      }
      if (reply != Reply.SENT) {
        write(ex, reply, method.equals("HEAD"));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("http request {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
    }
  }

  /**
   * The engine's default CORS (no {@code cors} config = fully permissive, ENGINE §6.1): requests with an
   * {@code Origin} get {@code *} allowances; a preflight is answered here, before routing. True if answered.
   */
  private static boolean permissiveCors(HttpExchange ex, String method) throws IOException {
    if (ex.getRequestHeaders().getFirst("origin") == null) {
      return false;
    }
    ex.getResponseHeaders().add("access-control-allow-origin", "*");
    if (method.equals("OPTIONS") && ex.getRequestHeaders().getFirst("access-control-request-method") != null) {
      ex.getResponseHeaders().add("access-control-allow-methods", "*");
      ex.getResponseHeaders().add("access-control-allow-headers", "*");
      ex.sendResponseHeaders(200, -1);
      return true;
    }
    ex.getResponseHeaders().add("access-control-expose-headers", "*");
    return false;
  }

  private static void write(HttpExchange ex, Reply reply, boolean head) throws IOException {
    for (Map.Entry<String, String> h : reply.headers()) {
      ex.getResponseHeaders().add(h.getKey(), h.getValue());
    }
    if (head || reply.body().length == 0) {
      ex.sendResponseHeaders(reply.status(), -1);
      return;
    }
    ex.sendResponseHeaders(reply.status(), reply.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(reply.body());
    }
  }

  /** Stops listening at once and ends the request threads (requests waiting for a function get nothing). */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
