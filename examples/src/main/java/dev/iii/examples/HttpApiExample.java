package dev.iii.examples;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TriggerDef;
import dev.iii.testkit.TestEngineOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * An HTTP API: a function bound to {@code GET /greet/:name} through an {@code http} trigger. The engine turns the
 * HTTP request into the function's input ({@code path_params}, {@code query_params}, {@code headers}, {@code body})
 * and the function's {@code {status_code, headers, body}} into the response (ENGINE §6).
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.iii.examples.HttpApiExample}
 */
public final class HttpApiExample {

  public static void main(String[] args) throws Exception {
    try (ExampleEngine engine = ExampleEngine.fromEnvironment(TestEngineOptions.getDefaultInstance());
        III iii = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("http-api-example").build())) {

      iii.registerFunction(FunctionDef.json("api::greet", (request, ctx) -> {
        String name = request.path("path_params").path("name").asText();
        String greeting = request.path("query_params").path("greeting").asText("Hello");
        return Map.of(
            "status_code", 200,
            "headers", Map.of("x-greeted", name),
            "body", Map.of("message", greeting + ", " + name + "!"));
      }));
      iii.registerTrigger(TriggerDef.of("http", "api::greet", Map.of("api_path", "/greet/:name", "http_method", "GET")));
      iii.awaitRegistrations().toCompletableFuture().get();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = http.send(
          HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/greet/ada?greeting=Hi")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("[http-api] GET /greet/ada?greeting=Hi -> " + ok.statusCode() + " "
          + ok.headers().firstValue("x-greeted").orElse("-") + " " + ok.body());

      HttpResponse<String> missing = http.send(
          HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/nowhere")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("[http-api] GET /nowhere -> " + missing.statusCode() + " (unknown route)");
      if (ok.statusCode() != 200 || !ok.body().contains("Hi, ada!") || missing.statusCode() != 404) {
        throw new IllegalStateException("unexpected HTTP answers: " + ok.statusCode() + " / " + missing.statusCode());
      }
    }
  }

  private HttpApiExample() {}
}
