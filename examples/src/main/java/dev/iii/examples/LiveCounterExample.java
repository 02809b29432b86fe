package dev.iii.examples;

import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.streams.ChangeSubscription;
import dev.iii.streams.StateClient;
import dev.iii.streams.StateEvent;
import dev.iii.streams.UpdateOp;
import dev.iii.testkit.TestEngineOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A live counter: three workers increment one state key concurrently ({@code state::update} with an
 * {@code increment} op, applied atomically by the engine) while a fourth watches it through a change-event
 * {@code Source} ({@link StateClient#changes}). Every increment is seen exactly once by the watcher, and the final
 * count is the number of increments: nothing lost, nothing doubled.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.iii.examples.LiveCounterExample}
 */
public final class LiveCounterExample {

  public record Counter(long count) {}

  private static final String SCOPE = "live-counter";
  private static final String KEY = "visits";
  private static final int WORKERS = 3;
  private static final int INCREMENTS_PER_WORKER = 20;

  public static void main(String[] args) throws Exception {
    long total = (long) WORKERS * INCREMENTS_PER_WORKER;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "live-counter-example");
    List<III> workers = new ArrayList<>();
    try (ExampleEngine engine = ExampleEngine.fromEnvironment(TestEngineOptions.newBuilder().build());
        III watcher = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("counter-watcher").build())) {
      StateClient<Counter> watched = StateClient.of(watcher, Counter.class);
      // A real engine may hold the key from an earlier run: start from nothing, before watching.
      watched.delete(SCOPE, KEY).toCompletableFuture().get(10, TimeUnit.SECONDS);

      Pair<ChangeSubscription, CompletionStage<List<StateEvent<Counter>>>> running =
          watched.changes(SCOPE, KEY).take(total).toMat(Sink.seq(), Keep.both()).run(system);
      running.first().ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
      System.out.println("[watcher] subscribed to " + SCOPE + "/" + KEY);

      List<CompletableFuture<?>> updates = new ArrayList<>();
      for (int w = 1; w <= WORKERS; w++) {
        III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("counter-" + w).build());
        workers.add(worker);
        StateClient<Counter> counter = StateClient.of(worker, Counter.class);
        for (int i = 0; i < INCREMENTS_PER_WORKER; i++) {
          updates.add(counter.update(SCOPE, KEY, UpdateOp.increment("count", 1)).toCompletableFuture());
        }
      }
      CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      System.out.println("[workers] " + updates.size() + " increments acknowledged");

      List<StateEvent<Counter>> events = running.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
      check(events, total);
      Counter last = watched.get(SCOPE, KEY).toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (last == null || last.count() != total) {
        throw new IllegalStateException("final count is " + last + ", expected " + total);
      }
      System.out.println("[watcher] saw " + events.size() + " changes; final count " + last.count());
    } finally {
      workers.forEach(III::shutdown);
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Each increment produced exactly one event whose new value is a distinct count 1..total (events may arrive in
   * any order: the engine dispatches each trigger invocation on its own), and only the first one created the key.
   */
  private static void check(List<StateEvent<Counter>> events, long total) {
    if (events.size() != total) {
      throw new IllegalStateException("saw " + events.size() + " change events, expected " + total);
    }
    Set<Long> seen = events.stream().map(e -> e.newValue() == null ? -1L : e.newValue().count())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<Long> expected = LongStream.rangeClosed(1, total).boxed().collect(Collectors.toCollection(TreeSet::new));
    if (!seen.equals(expected)) {
      throw new IllegalStateException("the events' counts were " + seen + ", expected 1.." + total);
    }
    long created = events.stream().filter(e -> e.kind().equals("created")).count();
    if (created != 1) {
      throw new IllegalStateException(created + " events created the key, expected exactly one: " + events);
    }
  }

  private LiveCounterExample() {}
}
