package dev.iii.testkit.internal.channels;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server-side socket handlers of the two channel ends (ENGINE §9.2). */
final class ChannelSockets {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelSockets.class);
  /** The engine's (tungstenite's) message limit; a bigger message makes it drop the connection. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private ChannelSockets() {}

  /**
   * Write end: every message is collected whole (the engine's WebSocket library reassembles fragments) and
   * pushed into the queue, one at a time, so a full queue stops the socket from being read. The writing end is
   * released when the socket ends in any way; after a clean Close the Close reply is sent only once everything
   * before it is queued. If the reader is gone the socket is dropped.
   */
  static Flow<Message, Message, NotUsed> writer(HubChannel ch, Materializer mat, SharedKillSwitch allSockets) {
    Sink<Message, CompletionStage<Done>> in =
        Flow.<Message>create()
            // One stage: the next message is taken from the socket only once the previous one is queued, so the
            // hub holds at most one message beyond the capacity, like the engine's task blocked on its send.
            .mapAsync(1, m -> strict(m, mat).thenComposeAsync(ch.buffer::push, Runnable::run))
            .toMat(Sink.ignore(), Keep.right());
    // The engine sends nothing on a write socket except the Close reply.
    Source<Message, Pair<CompletableFuture<Optional<Message>>, UniqueKillSwitch>> out =
        Source.<Message>maybe().viaMat(KillSwitches.single(), Keep.both());
    return Flow.fromSinkAndSourceMat(in, out, Pair::create)
        .via(allSockets.flow())
        .mapMaterializedValue(m -> {
          CompletionStage<Done> done = m.first();
          CompletableFuture<Optional<Message>> closeReply = m.second().first();
          UniqueKillSwitch socket = m.second().second();
          // Run on the completing thread: a plain whenComplete on Pekko's stage would start a thread (2 CPUs).
          done.whenCompleteAsync((d, ex) -> {
            ch.buffer.releaseSender();
            if (ex == null) {
              closeReply.complete(Optional.empty());
            } else if (rootCause(ex) instanceof MessageBuffer.ReceiverGoneException) {
              LOG.debug("channel {}: reader gone, dropping the writer's socket", ch.id);
              socket.abort(ex);
            } else {
              LOG.debug("channel {}: writer socket ended: {}", ch.id, ex.toString());
              socket.abort(ex);
            }
          }, Runnable::run);
          return NotUsed.getInstance();
        });
  }

  /**
   * Read end: queued messages in order, with their frame type; after end-of-stream the source completes and
   * the server sends Close. The engine never reads this socket; a client that goes away (its Close or a broken
   * connection) drops the reading end, so the writer's next push fails.
   */
  static Flow<Message, Message, NotUsed> reader(HubChannel ch, SharedKillSwitch allSockets) {
    Source<Message, NotUsed> out =
        Source.unfoldAsync(ch.buffer, b -> b.pull().thenApply(o -> o.map(m -> Pair.create(b, m))))
            .watchTermination((nu, done) -> {
              // After end-of-stream this is harmless (the sender is already released).
              done.whenCompleteAsync((d, ex) -> ch.buffer.dropReceiver(), Runnable::run);
              return NotUsed.getInstance();
            });
    return Flow.fromSinkAndSourceCoupled(Sink.<Message>ignore(), out).via(allSockets.flow());
  }

  /** A second connection for a taken end: upgraded, then closed at once with no data. */
  static Flow<Message, Message, NotUsed> closedAtOnce() {
    return Flow.fromSinkAndSource(Sink.<Message>ignore(), Source.<Message>empty());
  }

  private static CompletionStage<Message> strict(Message m, Materializer mat) {
    if (m.isText()) {
      TextMessage t = m.asTextMessage();
      if (t.isStrict()) {
        return CompletableFuture.completedFuture(t);
      }
      return t.getStreamedText()
          .limitWeighted(MAX_MESSAGE_BYTES, s -> (long) s.length())
          .runFold(new StringBuilder(), StringBuilder::append, mat)
          .thenApplyAsync(sb -> TextMessage.create(sb.toString()), Runnable::run);
    }
    BinaryMessage b = m.asBinaryMessage();
    if (b.isStrict()) {
      return CompletableFuture.completedFuture(b);
    }
    return b.getStreamedData()
        .limitWeighted(MAX_MESSAGE_BYTES, bs -> (long) bs.size())
        .runFold(ByteString.emptyByteString(), ByteString::concat, mat)
        .thenApplyAsync(bytes -> BinaryMessage.create(bytes.compact()), Runnable::run);
  }

  static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
