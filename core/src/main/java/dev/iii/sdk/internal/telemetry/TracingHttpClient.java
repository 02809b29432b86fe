package dev.iii.sdk.internal.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The seed's {@code fetch_instrumentation_enabled} for Java: a delegating {@link HttpClient} that wraps every request
 * in a CLIENT span named {@code <METHOD> <path>} (attributes {@code http.request.method}, {@code url.full},
 * {@code server.address}, {@code server.port}, {@code http.response.status_code}; status ERROR for a 4xx/5xx or a
 * failure) and sends the W3C {@code traceparent}/{@code baggage} of that span. Only clients obtained from the SDK are
 * traced: nothing global is patched.
 */
final class TracingHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  TracingHttpClient(HttpClient delegate, Tracer tracer, TextMapPropagator propagator) {
    this.delegate = delegate;
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Span span = start(request);
    try {
      HttpResponse<T> response = delegate.send(withHeaders(request, span), handler);
      finish(span, response, null);
      return response;
    } catch (IOException | InterruptedException | RuntimeException e) {
      finish(span, null, e);
      throw e;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Span span = start(request);
    return delegate.sendAsync(withHeaders(request, span), handler)
        .whenComplete((response, error) -> finish(span, response, error));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
    Span span = start(request);
    return delegate.sendAsync(withHeaders(request, span), handler, push)
        .whenComplete((response, error) -> finish(span, response, error));
  }

  private Span start(HttpRequest request) {
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    var builder = tracer.spanBuilder(request.method() + " " + path)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAttribute("http.request.method", request.method())
        .setAttribute("url.full", uri.toString());
    if (uri.getHost() != null) {
      builder.setAttribute("server.address", uri.getHost());
    }
    if (uri.getPort() != -1) {
      builder.setAttribute("server.port", (long) uri.getPort());
    }
    return builder.startSpan();
  }

  /** A copy of the request carrying the span's context (requests are immutable; Java 16+ copies them). */
  private HttpRequest withHeaders(HttpRequest request, Span span) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
    propagator.inject(Context.current().with(span), copy, (b, key, value) ->
        b.setHeader(key, key.equals("traceparent") ? Telemetry.sampledFlagOnly(value) : value));
    return copy.build();
  }

  private static void finish(Span span, @Nullable HttpResponse<?> response, @Nullable Throwable error) {
    if (error != null) {
      span.setAttribute("error.type", error.getClass().getName());
      Telemetry.end(span, error);
      return;
    }
    int status = java.util.Objects.requireNonNull(response).statusCode();
    span.setAttribute("http.response.status_code", (long) status);
    if (status >= 400) {
      span.setAttribute("error.type", Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
      span.end();
    } else {
      Telemetry.end(span, null);
    }
  }

  // ---- plain delegation ----

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
