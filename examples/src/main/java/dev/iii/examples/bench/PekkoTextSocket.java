package dev.iii.examples.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A text WebSocket on Pekko HTTP with nothing else: a bounded queue in, a {@code foreach} out. The same transport
 * as the Java SDK, so the gap between this raw relay and the SDK is what the SDK itself costs.
 */
final class PekkoTextSocket implements TextSocket {

  /** Far above any in-flight count the harness uses; an overflow is reported, never dropped silently. */
  private static final int OUTBOX_SIZE = 1 << 16;

  private final ActorSystem<Void> system;
  private final BoundedSourceQueue<Message> outbox;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private PekkoTextSocket(ActorSystem<Void> system, BoundedSourceQueue<Message> outbox) {
    this.system = system;
    this.outbox = outbox;
  }

  static PekkoTextSocket connect(String url, Consumer<String> onMessage, Duration timeout) throws Exception {
    // Its own small ActorSystem; no idle timeout, since a callee may sit idle between the caller runs.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "raw-pekko", ConfigFactory.parseString(
        "pekko.http.client.idle-timeout = infinite\npekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    Materializer materializer = Materializer.matFromSystem(system);
    Sink<Message, CompletionStage<Done>> inbound = Flow.<Message>create()
        .filter(Message::isText)
        .mapAsync(1, message -> strict(message.asTextMessage(), timeout, materializer)) // (1): keeps the order
        .toMat(Sink.foreach(strict -> onMessage.accept(strict.text())), Keep.right());
    Source<Message, BoundedSourceQueue<Message>> outbound = Source.queue(OUTBOX_SIZE);
    Pair<CompletionStage<WebSocketUpgradeResponse>,
        Pair<CompletionStage<Done>, BoundedSourceQueue<Message>>> materialized =
        Http.get(system).singleWebSocketRequest(WebSocketRequest.create(url),
            Flow.fromSinkAndSourceMat(inbound, outbound, Keep.both()), materializer);
    PekkoTextSocket socket = new PekkoTextSocket(system, materialized.second().second());
    materialized.second().first().whenComplete((done, error) -> {
      if (error != null) {
        socket.closed.completeExceptionally(error);
      } else {
        socket.closed.complete(null);
      }
    });
    try {
      WebSocketUpgradeResponse upgrade = materialized.first().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!upgrade.response().status().equals(StatusCodes.SWITCHING_PROTOCOLS)) {
        throw new IllegalStateException("WebSocket upgrade to " + url + " refused: " + upgrade.response().status());
      }
    } catch (Exception failed) {
      system.terminate();
      throw failed;
    }
    return socket;
  }

  /**
   * Small messages arrive strict and pass straight through (mapAsync short-cuts completed stages); a streamed one
   * is collected first. No {@code thenApply} on Pekko's stages: on a 2-core machine their callbacks would each
   * get a new thread (CompletableFuture's fallback when the common pool has parallelism 1).
   */
  private static CompletionStage<org.apache.pekko.http.scaladsl.model.ws.TextMessage.Strict> strict(
      TextMessage text, Duration timeout, Materializer materializer) {
    if (text.asScala() instanceof org.apache.pekko.http.scaladsl.model.ws.TextMessage.Strict strict) {
      return CompletableFuture.completedFuture(strict);
    }
    return text.toStrict(timeout.toMillis(), materializer);
  }

  @Override
  public void send(String text) {
    QueueOfferResult result = outbox.offer(TextMessage.create(text));
    if (result != QueueOfferResult.enqueued()) {
      throw new IllegalStateException("outbound queue refused a frame: " + result);
    }
  }

  @Override
  public CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public void close() {
    outbox.complete();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception slowTermination) {
      // the process is about to exit anyway
    }
    closed.complete(null);
  }
}
