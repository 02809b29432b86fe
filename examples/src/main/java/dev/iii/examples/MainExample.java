package dev.iii.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.InvocationTimeoutException;
import dev.iii.sdk.ServiceDef;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The main example: one worker registers a service, a typed and an untyped function, then calls them through the
 * engine and shows what a failing call and a timed-out call look like.
 *
 * <p>Runs on the embedded test engine when {@code III_URL} is unset, and against that engine otherwise:
 * {@code III_URL=ws://localhost:49134 mvn -q -pl examples exec:java}.
 */
public final class MainExample {

  /** Typed input and output: the request/response formats sent to the engine are derived from these records. */
  public record Order(String sku, int quantity, List<String> tags) {}

  public record Quote(String sku, long totalCents, String currency) {}

  public static void main(String[] args) throws Exception {
    String url = System.getenv("III_URL");
    TestEngine embedded = null;
    if (url == null || url.isBlank()) {
      embedded = TestEngine.start();
      url = embedded.url();
      say("no III_URL set: started the embedded test engine at " + url);
    }
    try (III iii = III.registerWorker(url, InitOptions.newBuilder().workerName("main-example").build())) {
      say("connected as worker " + iii.workerId() + " (" + iii.connectionState() + ")");

      iii.registerService(ServiceDef.of("shop", "Shop", "A tiny shop"));

      iii.registerFunction(
          FunctionDef.of("shop::quote", Order.class, Quote.class,
                  (order, ctx) -> new Quote(order.sku(), 1250L * order.quantity(), "EUR"))
              .toBuilder()
              .description("Price an order")
              .build());

      iii.registerFunction(
          FunctionDef.json("shop::echo", (in, ctx) -> Map.of("echo", in, "caller", ctx.callerWorkerId())));

      iii.registerFunction(
          FunctionDef.json("shop::fail", (in, ctx) -> {
            throw new IllegalArgumentException("sku " + in.path("sku").asText() + " is out of stock");
          }));

      iii.registerFunction(
          FunctionDef.json("shop::slow", (in, ctx) -> {
            Thread.sleep(2_000);
            return "too late";
          }));

      // The registration barrier: returns once the engine has applied everything registered above.
      iii.awaitRegistrations().toCompletableFuture().get();
      say("registered shop::quote, shop::echo, shop::fail, shop::slow");

      Quote quote = iii.call("shop::quote", new Order("A-1", 3, List.of("gift")), Quote.class);
      say("typed call   shop::quote -> " + quote);

      JsonNode echoed = iii.call("shop::echo", Map.of("hello", "world"));
      say("untyped call shop::echo  -> " + echoed);

      try {
        iii.call("shop::fail", Map.of("sku", "A-1"));
      } catch (InvocationException e) {
        say("failing call shop::fail  -> code=" + e.code() + " message=" + e.getMessage());
      }

      try {
        iii.call("shop::missing", Map.of());
      } catch (InvocationException e) {
        say("unknown fn   shop::missing -> code=" + e.code() + " message=" + e.getMessage());
      }

      try {
        iii.call("shop::slow", Map.of(), JsonNode.class, Duration.ofMillis(300));
      } catch (InvocationTimeoutException e) {
        say("timed out    shop::slow  -> code=" + e.code() + " message=" + e.getMessage());
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
    say("shut down cleanly");
  }

  private static void say(String line) {
    System.out.println("[main-example] " + line);
  }

  private MainExample() {}
}
