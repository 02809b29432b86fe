package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.internal.ws.WsUpgrade;
import dev.iii.sdk.internal.ws.WsUpgradeException;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write end. One socket, opened by the first use in one of two modes: SINK ({@link #sink()} materialized; text
 * messages join the byte stream through a small merged queue) or PLAIN ({@link #write}, {@link #outputStream()},
 * {@link #sendMessage} or {@link #close()} first; bytes and texts share one bounded queue, so they stay in call
 * order). Either way the elements go through {@link OutboundFrames} to the socket.
 *
 * <p>{@code done} completes only when our side finished, the engine's Close frame arrived and the connection
 * ended; everything else is a failure: the engine closing first (end taken twice, reader gone), the connection
 * ending without a Close frame (engine gone), a refused upgrade (404), or the upstream's own error.
 */
final class WriterEnd implements ChannelWriter {
  private static final Logger LOG = LoggerFactory.getLogger(WriterEnd.class);
  /** Elements waiting in the plain queue (each one caller-sized): bounded, offers beyond wait. */
  static final int PLAIN_QUEUE = 8;
  static final int TEXT_QUEUE = 16;
  /** Callers that may wait on a full queue at once; more fail instead of piling up. */
  static final int MAX_WAITING_OFFERS = 256;

  private enum Mode { UNUSED, SINK, PLAIN }

  private final ChannelRef ref;
  private final ChannelEndpoint endpoint;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UNUSED);
  private final CompletableFuture<Done> done = new CompletableFuture<>();
  /** The queue sendMessage uses: the text lane in SINK mode, the shared queue in PLAIN mode; null until open. */
  private @Nullable SourceQueueWithComplete<ChannelMessage> messageQueue;
  /** Texts sent after sink() was called but before its stream started, in call order (guarded by this). */
  private final List<Pair<ChannelMessage, CompletableFuture<Done>>> earlyTexts = new ArrayList<>();
  /** sink() was called: a sendMessage racing with its materialization must wait for it, not open PLAIN mode. */
  private volatile boolean sinkRequested;
  private volatile @Nullable SourceQueueWithComplete<ChannelMessage> plain;

  WriterEnd(ChannelRef ref, ChannelEndpoint endpoint) {
    this.ref = ref.withDirection(ChannelRef.Direction.WRITE);
    this.endpoint = endpoint;
  }

  @Override
  public ChannelRef ref() {
    return ref;
  }

  @Override
  public Sink<ByteString, CompletionStage<Done>> sink() {
    sinkRequested = true;
    return Sink.<ByteString, CompletionStage<Done>>fromMaterializer((mat, attrs) -> {
      if (!mode.compareAndSet(Mode.UNUSED, Mode.SINK)) {
        IllegalStateException e = ChannelFailures.alreadyOpened(ref, ChannelRef.Direction.WRITE);
        return Sink.<ByteString>cancelled().mapMaterializedValue(nu -> CompletableFuture.<Done>failedFuture(e));
      }
      Pair<SourceQueueWithComplete<ChannelMessage>, Source<ChannelMessage, NotUsed>> lane =
          Source.<ChannelMessage>queue(TEXT_QUEUE, OverflowStrategy.backpressure(), MAX_WAITING_OFFERS)
              .preMaterialize(mat);
      openMessages(lane.first());
      return Flow.<ByteString>create()
          .map(b -> (ChannelMessage) ChannelMessage.binary(b))
          .mapError(Throwable.class, ex -> {
            done.completeExceptionally(ex); // the upstream's own failure is what the sink reports
            return ex;
          })
          .watchTermination((nu, end) -> {
            // The text lane ends with the bytes, so the merge completes after both (texts already queued go out).
            end.whenComplete((d, ex) -> {
              if (ex == null) {
                lane.first().complete();
              } else {
                lane.first().fail(ex);
              }
            });
            return nu;
          })
          .merge(lane.second())
          .toMat(socketSink(mat), Keep.right());
    }).mapMaterializedValue(stage -> stage.thenCompose(s -> s));
  }

  /** Opens the socket in PLAIN mode on first use; fails if the sink is in use. */
  private SourceQueueWithComplete<ChannelMessage> plainQueue() {
    SourceQueueWithComplete<ChannelMessage> q = plain;
    if (q != null) {
      return q;
    }
    synchronized (this) {
      if (plain != null) {
        return plain;
      }
      if (!mode.compareAndSet(Mode.UNUSED, Mode.PLAIN)) {
        throw new IllegalStateException("channel " + ref.channelId()
            + " writer is driven by its sink(); write through that stream (sendMessage still works)");
      }
      Materializer mat = Materializer.matFromSystem(endpoint.system);
      q = Source.<ChannelMessage>queue(PLAIN_QUEUE, OverflowStrategy.backpressure(), MAX_WAITING_OFFERS)
          .toMat(socketSink(mat), Keep.left())
          .run(mat);
      plain = q;
      openMessages(q);
      return q;
    }
  }

  /** The message queue exists: texts that waited for it go first, in call order. */
  private synchronized void openMessages(SourceQueueWithComplete<ChannelMessage> q) {
    messageQueue = q;
    for (Pair<ChannelMessage, CompletableFuture<Done>> t : earlyTexts) {
      offer(q, t.first()).whenComplete((d, e) -> {
        if (e != null) {
          t.second().completeExceptionally(e);
        } else {
          t.second().complete(d);
        }
      });
    }
    earlyTexts.clear();
  }

  /** Framing, the socket and the rules that decide {@link #done}. */
  private Sink<ChannelMessage, CompletionStage<Done>> socketSink(Materializer mat) {
    CloseFrameWatch watch = new CloseFrameWatch();
    AtomicBoolean ourSideFinished = new AtomicBoolean();
    Flow<ChannelMessage, ChannelMessage, UniqueKillSwitch> out = OutboundFrames.flow()
        // Runs only after the upstream completed normally and every frame was handed to the socket.
        .concatLazy(Source.lazySource(() -> {
          ourSideFinished.set(true);
          return Source.<ChannelMessage>empty();
        }))
        .viaMat(KillSwitches.single(), Keep.right());
    return out
        .viaMat(endpoint.socket(ref, ChannelRef.Direction.WRITE, watch), Keep.both())
        // The engine sends nothing on a write socket but Close; anything else is ignored.
        .toMat(Sink.ignore(), (m, inbound) -> {
          watchEnd(m.second(), inbound, watch, ourSideFinished, m.first());
          return done;
        });
  }

  private void watchEnd(CompletionStage<WsUpgrade> upgrade, CompletionStage<Done> inbound,
      CloseFrameWatch watch, AtomicBoolean ourSideFinished, UniqueKillSwitch outbound) {
    upgrade.whenComplete((up, ex) -> {
      if (ex instanceof WsUpgradeException refused && refused.status() > 0) {
        failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE, "the engine refused the"
            + " socket (HTTP " + refused.status() + "): unknown channel or wrong key", null));
      } else if (ex != null) {
        failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE,
            "could not connect to " + endpoint.redactedUrl(ref, ChannelRef.Direction.WRITE), ex));
      }
    });
    // The inbound side may end before the upgrade's own callback above ran (a refused upgrade ends both): judge the
    // end only once the upgrade's outcome is known, so a refusal is reported as such and not as a lost connection.
    // Bounded, in case the upgrade stage never completes.
    CompletableFuture<Boolean> upgradeFailed = new CompletableFuture<>();
    upgrade.whenComplete((up, ex) -> upgradeFailed.complete(ex != null));
    upgradeFailed.completeOnTimeout(false, 5, java.util.concurrent.TimeUnit.SECONDS);
    inbound.whenComplete((d, ex) -> upgradeFailed.thenAccept(reported -> {
      if (!reported) {
        inboundEnded(ex, watch, ourSideFinished, outbound);
      }
    }));
  }

  private void inboundEnded(@Nullable Throwable ex, CloseFrameWatch watch, AtomicBoolean ourSideFinished,
      UniqueKillSwitch outbound) {
    if (ourSideFinished.get() && watch.closeFrameSeen() && watch.normalClose()) {
      // The close handshake is done: the engine answered our Close, so it has read every frame before it.
      // How Pekko then tears the connection down does not matter (it sometimes reports a cancellation cause
      // as a failure of the inbound side here).
      LOG.debug("channel {} writer finished", ref.channelId());
      done.complete(Done.getInstance());
    } else if (watch.closeFrameSeen() && !watch.normalClose()) {
      failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE,
          "the engine closed the socket with an error", ex));
    } else if (ourSideFinished.get()) {
      // Everything was handed to the network and our Close sent, but the engine's answer never came: the data is
      // probably delivered, but we do not claim what we cannot know.
      failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE, "the connection ended before"
          + " the engine confirmed the end of the stream (engine gone?); delivery of the last data is unconfirmed", ex));
    } else if (ex != null) {
      failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE, "connection to the engine lost",
          ex));
    } else if (!watch.closeFrameSeen()) {
      failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE,
          "connection to the engine ended without a Close frame (engine gone?)", null));
    } else {
      failAndRelease(outbound, ChannelFailures.closed(ref, ChannelRef.Direction.WRITE, "the engine closed the socket"
          + " before the writer finished (end already taken, reader gone, or channel removed)", null));
    }
  }

  /**
   * Fails the sink and cuts the outbound side with the same cause, so the user's upstream is cancelled: without
   * that, Pekko HTTP may keep pulling from it into a socket that is gone (an endless source would spin forever).
   */
  private void failAndRelease(UniqueKillSwitch outbound, Throwable t) {
    outbound.abort(t);
    fail(t);
  }

  private void fail(Throwable t) {
    if (done.completeExceptionally(t)) {
      LOG.debug("channel {} writer failed: {}", ref.channelId(), t.getMessage());
    }
  }

  @Override
  public void sendMessage(String text) {
    Blocking.checkMayBlock("ChannelWriter.sendMessage");
    Blocking.await(sendMessageAsync(text));
  }

  @Override
  public CompletionStage<Done> sendMessageAsync(String text) {
    if (text.length() > ChannelEndpoint.MAX_MESSAGE_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("text message of " + text.length()
          + " characters exceeds the engine's limit of " + ChannelEndpoint.MAX_MESSAGE_BYTES + " bytes"));
    }
    ChannelMessage m = ChannelMessage.text(text);
    if (!sinkRequested && mode.get() == Mode.UNUSED) {
      try {
        plainQueue(); // a text as the first use opens the writer, as in the official SDKs
      } catch (IllegalStateException raceWithSink) {
        // the sink was materialized meanwhile; its text lane takes the message
      }
    }
    synchronized (this) {
      SourceQueueWithComplete<ChannelMessage> q = messageQueue;
      if (q == null) {
        CompletableFuture<Done> later = new CompletableFuture<>();
        earlyTexts.add(Pair.create(m, later));
        return later;
      }
      return offer(q, m);
    }
  }

  @Override
  public void write(byte[] bytes) {
    Blocking.checkMayBlock("ChannelWriter.write");
    Blocking.await(writeAsync(ByteString.fromArray(bytes)));
  }

  CompletionStage<Done> writeAsync(ByteString bytes) {
    return offer(plainQueue(), ChannelMessage.binary(bytes));
  }

  private CompletionStage<Done> offer(SourceQueueWithComplete<ChannelMessage> q, ChannelMessage m) {
    return q.offer(m).handle((r, ex) -> {
      if (ex == null && r == QueueOfferResult.enqueued()) {
        return Done.getInstance();
      }
      throw finished(ex);
    });
  }

  /** Why an offer was refused: the channel's failure if it failed, else "finished". */
  private RuntimeException finished(@Nullable Throwable offerError) {
    if (done.isCompletedExceptionally()) {
      Throwable cause = ChannelFailures.unwrap(done.handle((d, e) -> e).join());
      return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
    return new IllegalStateException("channel " + ref.channelId() + " writer is already closed", offerError);
  }

  @Override
  public OutputStream outputStream() {
    plainQueue();
    return new WriterOutputStream(this);
  }

  @Override
  public void close() {
    Blocking.checkMayBlock("ChannelWriter.close");
    Blocking.await(closeAsync());
  }

  @Override
  public CompletionStage<Done> closeAsync() {
    if (mode.get() != Mode.SINK) {
      try {
        plainQueue().complete();
      } catch (IllegalStateException raceWithSink) {
        // the sink took the end meanwhile; closing means waiting for it
      }
    }
    return done;
  }

  @Override
  public String toString() {
    return "ChannelWriter[" + ref + "]";
  }
}
