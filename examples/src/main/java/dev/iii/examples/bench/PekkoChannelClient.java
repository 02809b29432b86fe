package dev.iii.examples.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The channel floor on Pekko HTTP: {@code singleWebSocketRequest} with a source of fixed binary messages (write)
 * or a fold over the data of the messages received (read), nothing else. Streamed messages (a frame spanning
 * several TCP reads) are flattened with {@code flatMapConcat}, the plain Pekko way.
 */
final class PekkoChannelClient implements RawChannelClient {

  private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "raw-pekko-channel",
      ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
  private final Materializer materializer = Materializer.matFromSystem(system);

  @Override
  public CompletableFuture<Long> read(String url, Duration timeout) throws Exception {
    // Nothing to send; the maybe completes once the inbound has ended, which lets the connection finish.
    Sink<Message, CompletionStage<Long>> count = Flow.<Message>create()
        .filter(m -> !m.isText())
        .flatMapConcat(m -> m.asBinaryMessage().getStreamedData())
        .toMat(Sink.<Long, ByteString>fold(0L, (sum, bytes) -> sum + bytes.size()), Keep.right());
    Pair<CompletionStage<WebSocketUpgradeResponse>, Pair<CompletionStage<Long>, CompletableFuture<Optional<Message>>>>
        running = Http.get(system).singleWebSocketRequest(WebSocketRequest.create(url),
            Flow.fromSinkAndSourceMat(count, Source.<Message>maybe(), Keep.both()), materializer);
    awaitUpgrade(running.first(), url, timeout);
    return running.second().first().toCompletableFuture()
        .whenComplete((n, e) -> running.second().second().complete(Optional.empty()));
  }

  @Override
  public void write(String url, long total, int chunkBytes, Duration timeout) throws Exception {
    ByteString chunk = ByteString.fromArrayUnsafe(new byte[chunkBytes]);
    Source<Message, NotUsed> data = Source.repeat((Message) BinaryMessage.create(chunk)).take(total / chunkBytes);
    if (total % chunkBytes > 0) {
      data = data.concat(Source.single(BinaryMessage.create(chunk.take((int) (total % chunkBytes)))));
    }
    // The outbound's end sends Close; the inbound completes when the engine's Close arrives.
    Pair<CompletionStage<WebSocketUpgradeResponse>, CompletionStage<Done>> running = Http.get(system)
        .singleWebSocketRequest(WebSocketRequest.create(url), Flow.fromSinkAndSourceMat(Sink.<Message>ignore(), data,
            Keep.left()), materializer);
    awaitUpgrade(running.first(), url, timeout);
    running.second().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void awaitUpgrade(CompletionStage<WebSocketUpgradeResponse> upgrade, String url, Duration timeout)
      throws Exception {
    WebSocketUpgradeResponse response = upgrade.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!response.response().status().equals(StatusCodes.SWITCHING_PROTOCOLS)) {
      throw new IllegalStateException("channel socket refused: " + response.response().status()
          + " (" + url.replaceAll("key=[^&]*", "key=…") + ")");
    }
  }
}
