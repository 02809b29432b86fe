package dev.iii.testkit.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain HTTP server on 127.0.0.1 that the engine's HTTP-invoked functions call; records every request. */
final class LocalHttpServer implements AutoCloseable {
  /** One received request; header lookups are case-insensitive. */
  record Received(String method, String path, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Decides the answer to a request (may block, e.g. to provoke a client timeout). */
  @FunctionalInterface
  interface Responder {
    Answer answer(Received request) throws Exception;
  }

  record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }

    static Answer text(int status, String body) {
      return new Answer(status, "text/plain", body, Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Responder> responders = new ConcurrentHashMap<>();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} + path. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void on(String path, Responder responder) {
    responders.put(path, responder);
  }

  /** The next request received on {@code path} (earlier ones on other paths are skipped), waiting up to {@code timeout}. */
  Received next(String path, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Received r = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("no request reached " + path + " on the local server within " + timeout);
      }
      if (r.path().equals(path)) {
        return r;
      }
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(),
          ex.getRequestBody().readAllBytes());
      received.add(r);
      Responder responder = responders.getOrDefault(r.path(), req -> Answer.text(404, "no responder"));
      Answer a;
      try {
        a = responder.answer(r);
      } catch (Exception e) {
        a = Answer.text(599, "responder failed: " + e);
      }
      ex.getResponseHeaders().add("content-type", a.contentType());
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
