package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.internal.ws.WsMessageTooBigException;
import dev.iii.sdk.internal.ws.WsUpgrade;
import dev.iii.sdk.internal.ws.WsUpgradeException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read end: one socket, opened when {@link #messages()} (or a view of it) is materialized, at most once.
 * Binary data is passed on piece by piece as it arrives (a large message is never collected), text messages
 * whole (up to 64 MiB). The stream completes only if the engine's Close frame arrived;
 * a connection that just ends, a refused upgrade or a broken connection fail it with ChannelClosedException.
 */
final class ReaderEnd implements ChannelReader {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderEnd.class);

  private final ChannelRef ref;
  private final ChannelEndpoint endpoint;
  private final AtomicBoolean opened = new AtomicBoolean();
  private final List<Consumer<String>> textCallbacks = new CopyOnWriteArrayList<>();

  ReaderEnd(ChannelRef ref, ChannelEndpoint endpoint) {
    this.ref = ref.withDirection(ChannelRef.Direction.READ);
    this.endpoint = endpoint;
  }

  @Override
  public ChannelRef ref() {
    return ref;
  }

  @Override
  public Source<ChannelMessage, NotUsed> messages() {
    return Source.<ChannelMessage, NotUsed>fromMaterializer((mat, attrs) -> {
      if (!opened.compareAndSet(false, true)) {
        return Source.<ChannelMessage>failed(ChannelFailures.alreadyOpened(ref, ChannelRef.Direction.READ))
            .mapMaterializedValue(x -> NotUsed.getInstance());
      }
      return open();
    }).mapMaterializedValue(x -> NotUsed.getInstance());
  }

  private Source<ChannelMessage, NotUsed> open() {
    CloseFrameWatch watch = new CloseFrameWatch();
    CompletableFuture<WsUpgrade> upgrade = new CompletableFuture<>();
    CompletableFuture<Optional<ChannelMessage>> ourClose = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    // We never send anything; our side closes (answering the engine's Close) once the inbound has ended.
    Source<ChannelMessage, NotUsed> inbound = Source.<ChannelMessage>maybe()
        .mapMaterializedValue(p -> {
          ourClose.whenComplete((v, e) -> p.complete(Optional.empty()));
          return NotUsed.getInstance();
        })
        .viaMat(endpoint.socket(ref, ChannelRef.Direction.READ, watch), (nu, up) -> {
          up.whenComplete((r, e) -> {
            if (e != null) {
              upgrade.completeExceptionally(e);
            } else {
              upgrade.complete(r);
            }
          });
          return NotUsed.getInstance();
        })
        .watchTermination((nu, end) -> {
          end.whenComplete((d, e) -> ourClose.complete(Optional.empty()));
          return nu;
        });
    return inbound
        // Runs after the socket's messages completed normally, which the socket does only after the engine's Close
        // frame: a normal end also needs that Close to say so.
        .concatLazy(Source.lazySource(() -> watch.closeFrameSeen() && watch.normalClose()
            ? Source.<ChannelMessage>empty()
            : Source.<ChannelMessage>failed(ChannelFailures.closed(ref, ChannelRef.Direction.READ,
                "the engine closed the socket with an error", null))))
        .mapError(Throwable.class, t -> {
          failure.compareAndSet(null, t);
          return t;
        })
        // Failures from below are explained with the upgrade's outcome (refused? never connected?), which may
        // still be on its way when the stream fails, hence the wait (bounded, in case it never comes).
        .recoverWithRetries(1, Throwable.class, () -> {
          Throwable t = failure.get();
          if (t instanceof ChannelClosedException || t instanceof WsMessageTooBigException) {
            return Source.failed(t);
          }
          return Source.completionStage(upgrade.copy()
                  .completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS)
                  .handle((up, upEx) -> Optional.of(translate(up, upEx, t))))
              .flatMapConcat(e -> Source.<ChannelMessage>failed(e.get()));
        })
        .mapMaterializedValue(x -> NotUsed.getInstance());
  }

  /** Explains a failure from below with the upgrade's outcome: refused, never connected, or lost. */
  private Throwable translate(@Nullable WsUpgrade up, @Nullable Throwable upgradeFailure, Throwable cause) {
    if (upgradeFailure instanceof WsUpgradeException refused && refused.status() > 0) {
      return ChannelFailures.closed(ref, ChannelRef.Direction.READ, "the engine refused the socket (HTTP "
          + refused.status() + "): unknown channel or wrong key", null);
    }
    if (up == null) {
      return ChannelFailures.closed(ref, ChannelRef.Direction.READ,
          "could not connect to " + endpoint.redactedUrl(ref, ChannelRef.Direction.READ),
          upgradeFailure != null ? upgradeFailure : cause);
    }
    return ChannelFailures.closed(ref, ChannelRef.Direction.READ, "connection to the engine lost", cause);
  }

  @Override
  public Source<ByteString, NotUsed> source() {
    return messages().mapConcat(m -> {
      if (m instanceof ChannelMessage.Binary b) {
        return List.of(b.data());
      }
      String text = ((ChannelMessage.Text) m).text();
      if (textCallbacks.isEmpty()) {
        LOG.debug("channel {}: text message with no onText callback ({} characters)", ref.channelId(), text.length());
      }
      for (Consumer<String> c : textCallbacks) {
        c.accept(text);
      }
      return List.of();
    });
  }

  @Override
  public ChannelReader onText(Consumer<String> callback) {
    if (opened.get()) {
      throw new IllegalStateException("channel " + ref.channelId()
          + " reader: register onText callbacks before reading starts");
    }
    textCallbacks.add(callback);
    return this;
  }

  @Override
  public CompletionStage<ByteString> readAll(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
    }
    return source()
        .limitWeighted(maxBytes, b -> (long) b.size())
        .mapError(StreamLimitReachedException.class, e -> new IllegalStateException(
            "channel " + ref.channelId() + " holds more than maxBytes = " + maxBytes + " bytes"))
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer())
        .thenApply(ByteString::compact);
  }

  @Override
  public InputStream inputStream() {
    return new ReaderInputStream(source().runWith(Sink.queue(), materializer()));
  }

  private Materializer materializer() {
    return Materializer.matFromSystem(endpoint.system);
  }

  @Override
  public String toString() {
    return "ChannelReader[" + ref + "]";
  }
}
