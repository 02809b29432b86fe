package dev.iii.examples;

import dev.iii.sdk.EnqueueResult;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.testkit.QueueConfig;
import dev.iii.testkit.TestEngineOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue consumer: jobs enqueued on the named queue {@code payments} are delivered to {@code payments::charge}
 * by the engine, retried on failure ({@code max_retries} counts total attempts) and dead-lettered when they keep
 * failing (ENGINE §8.2). The caller only learns the job was accepted ({@code messageReceiptId}).
 *
 * <p>The embedded engine is configured with the queue; a real engine needs it under {@code iii-queue}'s
 * {@code queue_configs}. Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.iii.examples.QueueConsumerExample}
 */
public final class QueueConsumerExample {

  public record Charge(String orderId, long cents) {}

  public static void main(String[] args) throws Exception {
    TestEngineOptions options = TestEngineOptions.newBuilder()
        .queue("payments", QueueConfig.newBuilder().maxRetries(3).backoffMs(100).build())
        .build();
    try (ExampleEngine engine = ExampleEngine.fromEnvironment(options);
        III iii = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("queue-example").build())) {

      CountDownLatch processed = new CountDownLatch(3);
      AtomicInteger attemptsOfFlaky = new AtomicInteger();
      iii.registerFunction(FunctionDef.of("payments::charge", Charge.class, Map.class, (charge, ctx) -> {
        if (charge.orderId().equals("o-flaky") && attemptsOfFlaky.incrementAndGet() < 2) {
          System.out.println("[consumer] " + charge.orderId() + " failed on attempt " + attemptsOfFlaky.get());
          throw new IllegalStateException("card network timeout");
        }
        System.out.println("[consumer] charged " + charge.cents() + " cents for " + charge.orderId());
        processed.countDown();
        return Map.of("charged", true);
      }));
      iii.awaitRegistrations().toCompletableFuture().get();

      for (Charge c : new Charge[] {new Charge("o-1", 1250), new Charge("o-flaky", 990), new Charge("o-2", 400)}) {
        EnqueueResult receipt = iii.enqueue("payments", "payments::charge", c);
        System.out.println("[producer] enqueued " + c.orderId() + " receipt " + receipt.messageReceiptId());
      }
      if (!processed.await(15, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the queue did not deliver every job within 15 s");
      }
      System.out.println("[producer] all jobs processed; o-flaky took " + attemptsOfFlaky.get() + " attempts");
    }
  }

  private QueueConsumerExample() {}
}
