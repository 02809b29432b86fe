package dev.iii.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A hand-written downstream that requests only when the test says so and records what it asked for and
 * what it got (pekko-stream-testkit is not published for Pekko 1.7.0).
 */
final class DemandRecordingSubscriber<T> implements Subscriber<T> {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Object COMPLETE = new Object();

  private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
  private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong received = new AtomicLong();

  @Override
  public void onSubscribe(Subscription s) {
    subscription.complete(s);
  }

  @Override
  public void onNext(T element) {
    received.incrementAndGet();
    events.add(element);
  }

  @Override
  public void onError(Throwable t) {
    events.add(t);
  }

  @Override
  public void onComplete() {
    events.add(COMPLETE);
  }

  void request(long n) throws Exception {
    requested.addAndGet(n);
    subscription.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).request(n);
  }

  long requested() {
    return requested.get();
  }

  long received() {
    return received.get();
  }

  @SuppressWarnings("unchecked")
  T expectNext() throws InterruptedException {
    Object event = next();
    if (event == COMPLETE || event instanceof Throwable) {
      throw new AssertionError("expected an element, got " + (event == COMPLETE ? "completion" : event));
    }
    return (T) event;
  }

  void expectComplete() throws InterruptedException {
    assertEquals(COMPLETE, next(), "expected completion");
  }

  <E extends Throwable> E expectError(Class<E> type) throws InterruptedException {
    return assertInstanceOf(type, next());
  }

  private Object next() throws InterruptedException {
    Object event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(event, "nothing arrived within " + TIMEOUT);
    return event;
  }
}
