package dev.iii.examples;

import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TriggerConfig;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.testkit.TestEngineOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A custom trigger type across two workers: a provider offers {@code ticker} (fires a function every N ms); a
 * consumer binds its function to it. The provider's handler sees the registration, fires the consumer's function
 * through the engine, and sees the unregistration with the same config (PROTOCOL §5).
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.iii.examples.CustomTriggerTypeExample}
 */
public final class CustomTriggerTypeExample {

  /** The config a {@code ticker} trigger takes; its JSON schema is derived from this record. */
  public record TickerConfig(long everyMs, String label) {}

  /** Starts one timer thread per trigger id; a real provider would use a scheduler. */
  static final class TickerProvider implements TriggerHandler<TickerConfig> {
    private final III provider;
    private final Map<String, Thread> timers = new ConcurrentHashMap<>();

    TickerProvider(III provider) {
      this.provider = provider;
    }

    @Override
    public void registerTrigger(TriggerConfig<TickerConfig> t) {
      System.out.println("[provider] trigger " + t.id() + " registered for " + t.functionId() + " with " + t.config());
      Thread timer = new Thread(() -> {
        int n = 0;
        try {
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(t.config().everyMs());
            provider.fireAndForget(t.functionId(), Map.of("label", t.config().label(), "tick", ++n));
          }
        } catch (InterruptedException stopped) {
          Thread.currentThread().interrupt();
        }
      }, "ticker-" + t.id());
      timer.setDaemon(true);
      timer.start();
      timers.put(t.id(), timer);
    }

    @Override
    public void unregisterTrigger(TriggerConfig<TickerConfig> t) {
      System.out.println("[provider] trigger " + t.id() + " unregistered (config " + t.config() + ")");
      Thread timer = timers.remove(t.id());
      if (timer != null) {
        timer.interrupt();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    try (ExampleEngine engine = ExampleEngine.fromEnvironment(TestEngineOptions.getDefaultInstance());
        III provider = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("ticker-provider").build());
        III consumer = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("ticker-consumer").build())) {

      provider.registerTriggerType(
          TriggerTypeDef.of("ticker", TickerConfig.class).withDescription("Fires a function every N ms"),
          new TickerProvider(provider));
      provider.awaitRegistrations().toCompletableFuture().get();

      CountDownLatch threeTicks = new CountDownLatch(3);
      consumer.registerFunction(FunctionDef.json("consumer::on_tick", (in, ctx) -> {
        System.out.println("[consumer] tick " + in.path("tick").asInt() + " from " + in.path("label").asText());
        threeTicks.countDown();
        return null;
      }));
      TriggerRef trigger = consumer.registerTrigger(
          TriggerDef.of("ticker", "consumer::on_tick", new TickerConfig(200, "every 200 ms")));

      if (!threeTicks.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the ticker did not fire three times within 10 s");
      }
      trigger.unregister();
      consumer.awaitRegistrations().toCompletableFuture().get();
      System.out.println("[consumer] unregistered the trigger");
    }
  }

  private CustomTriggerTypeExample() {}
}
