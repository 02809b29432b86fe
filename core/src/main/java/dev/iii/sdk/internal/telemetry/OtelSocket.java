package dev.iii.sdk.internal.telemetry;

import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.ReconnectionConfig;
import dev.iii.sdk.internal.Backoff;
import dev.iii.sdk.internal.ws.WsClient;
import dev.iii.sdk.internal.ws.WsSettings;
import dev.iii.sdk.internal.ws.WsUpgrade;
import dev.iii.sdk.internal.ws.WsUpgradeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry-only {@code /otel} WebSocket (PROTOCOL §1.1, §9.2): sends the {@link FrameBuffer}'s frames as binary
 * messages, with the same upgrade headers as the control connection, and reconnects with the §3.6 backoff for as
 * long as it runs. A simple connect loop is enough here (DESIGN §3): nothing is replayed and no state depends on the
 * connection. Inbound text (the engine's {@code error} frame on an auth failure) is logged; other inbound messages are
 * drained and ignored.
 */
final class OtelSocket {
  private static final Logger LOG = LoggerFactory.getLogger(OtelSocket.class);
  /** The engine sends at most a short error frame here. */
  private static final long MAX_INBOUND_TEXT = 1024 * 1024;
  /** Telemetry frames are sent whole up to this size (the engine's frame limit is 16 MiB). */
  private static final int FRAGMENT_BYTES = 1024 * 1024;

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final String url;
  private final Supplier<Map<String, String>> upgradeHeaders;
  private final ReconnectionConfig reconnection;
  private final FrameBuffer buffer;
  private final @Nullable SSLContext sslContext;

  private int epoch;
  private int attempt;
  private boolean connected;
  private boolean stopped;
  private @Nullable UniqueKillSwitch killSwitch;
  private @Nullable Cancellable pendingReconnect;
  private final CompletableFuture<Done> terminated = new CompletableFuture<>();

  OtelSocket(
      ActorSystem<?> system,
      String url,
      Supplier<Map<String, String>> upgradeHeaders,
      ReconnectionConfig reconnection,
      FrameBuffer buffer) {
    this(system, url, upgradeHeaders, reconnection, buffer, null);
  }

  /** {@code sslContext}: the control socket's TLS context for {@code wss://} (null: the default one). */
  OtelSocket(
      ActorSystem<?> system,
      String url,
      Supplier<Map<String, String>> upgradeHeaders,
      ReconnectionConfig reconnection,
      FrameBuffer buffer,
      @Nullable SSLContext sslContext) {
    this.sslContext = sslContext;
    this.system = Objects.requireNonNull(system, "system");
    this.materializer = Materializer.matFromSystem(system);
    this.url = Objects.requireNonNull(url, "url");
    this.upgradeHeaders = Objects.requireNonNull(upgradeHeaders, "upgradeHeaders");
    this.reconnection = Objects.requireNonNull(reconnection, "reconnection");
    this.buffer = Objects.requireNonNull(buffer, "buffer");
  }

  String url() {
    return url;
  }

  synchronized boolean isConnected() {
    return connected;
  }

  void start() {
    connect();
  }

  private void connect() {
    int myEpoch;
    synchronized (this) {
      if (stopped) {
        return;
      }
      myEpoch = ++epoch;
      pendingReconnect = null;
    }
    Map<String, String> headers;
    try {
      headers = upgradeHeaders.get();
    } catch (RuntimeException e) {
      LOG.warn("telemetry socket: upgrade headers unavailable ({}); connecting without them", e.toString());
      headers = Map.of();
    }
    // Frames are taken from the buffer only once the upgrade succeeded: a socket that never connects must not
    // swallow the frames its stream would otherwise pull while the TCP connection is being attempted.
    CompletableFuture<NotUsed> upgraded = new CompletableFuture<>();
    Source<ChannelMessage, NotUsed> frames =
        Source.repeat(NotUsed.getInstance())
            .mapAsync(1, x -> buffer.whenAvailable())
            .takeWhile(available -> available)
            // mapAsync may ask again before the frame it signalled has been polled, so a signal can find the
            // buffer empty: that poll yields nothing (a stream element can never be null).
            .mapConcat(x -> {
              byte[] frame = buffer.poll();
              return frame == null
                  ? List.<ChannelMessage>of()
                  : List.<ChannelMessage>of(ChannelMessage.binary(ByteString.fromArrayUnsafe(frame)));
            });
    Source<ChannelMessage, UniqueKillSwitch> outbound =
        Source.completionStage(upgraded)
            .flatMapConcat(x -> frames)
            .viaMat(KillSwitches.single(), Keep.right());
    // The SDK's own WebSocket client: when the buffer is closed and drained, our Close goes out after the last
    // frame and the connection ends only once the engine has answered it, so no frame written before the end is
    // cut off with the connection.
    Pair<Pair<UniqueKillSwitch, CompletionStage<WsUpgrade>>, CompletionStage<Done>> mat;
    try {
      mat = outbound
          .viaMat(WsClient.connect(system.classicSystem(), url, headers, sslContext,
              ClientConnectionSettings.create(system.classicSystem()),
              WsSettings.control(MAX_INBOUND_TEXT, FRAGMENT_BYTES), code -> {}), Keep.both())
          .toMat(Sink.foreach(this::onInbound), Keep.both())
          .run(materializer);
    } catch (RuntimeException e) {
      LOG.warn("telemetry socket {}: cannot start a connection: {}", url, e.toString());
      onEnded(myEpoch, e);
      return;
    }
    synchronized (this) {
      // If close() already ran, the closed buffer ends this stream after draining; nothing else to do.
      killSwitch = mat.first().first();
    }
    mat.first().second().whenComplete((response, error) -> {
      if (error != null) {
        if (error instanceof WsUpgradeException refused && refused.status() > 0) {
          LOG.warn("telemetry socket {}: {}", url, refused.getMessage());
        }
        upgraded.completeExceptionally(error);
        onEnded(myEpoch, error);
      } else {
        onConnected(myEpoch);
        upgraded.complete(NotUsed.getInstance());
      }
    });
    mat.second().whenComplete((done, error) -> onEnded(myEpoch, error));
  }

  /** The engine's only text on /otel is {"type":"error",...} before it closes (auth failure, PROTOCOL §1.3). */
  private void onInbound(ChannelMessage m) {
    if (m instanceof ChannelMessage.Text t) {
      LOG.error("telemetry socket {}: engine says {}", url, t.text());
    }
  }

  private synchronized void onConnected(int myEpoch) {
    if (myEpoch != epoch) {
      return;
    }
    connected = true;
    attempt = 0;
    LOG.debug("telemetry socket connected to {}", url);
  }

  private void onEnded(int myEpoch, @Nullable Throwable error) {
    Duration delay;
    synchronized (this) {
      // Both the upgrade and the stream end report here; only the first report of the current epoch counts.
      if (myEpoch != epoch || pendingReconnect != null && !pendingReconnect.isCancelled() || terminated.isDone()) {
        return;
      }
      boolean wasConnected = connected;
      connected = false;
      killSwitch = null;
      if (stopped) {
        terminated.complete(Done.getInstance());
        return;
      }
      if (!Backoff.mayRetry(reconnection, attempt)) {
        LOG.error("telemetry socket {}: giving up after {} attempts; telemetry is buffered (oldest dropped)",
            url, attempt);
        return;
      }
      delay = Backoff.delay(reconnection, attempt++);
      if (wasConnected) {
        LOG.info("telemetry socket {} closed{}; reconnecting in {} ms", url,
            error == null ? "" : " (" + error + ")", delay.toMillis());
      } else {
        LOG.debug("telemetry socket {} unavailable{}; retrying in {} ms", url,
            error == null ? "" : " (" + error + ")", delay.toMillis());
      }
      pendingReconnect = system.scheduler().scheduleOnce(delay, this::connect, system.executionContext());
    }
  }

  /**
   * Stops reconnecting and closes the buffer; the live socket (if any) sends what is left, then closes. Completes when
   * the socket is closed, or after {@code timeout} (the socket is then aborted).
   */
  CompletionStage<Done> close(Duration timeout) {
    UniqueKillSwitch ks;
    synchronized (this) {
      stopped = true;
      if (pendingReconnect != null) {
        pendingReconnect.cancel();
      }
      ks = killSwitch;
      if (ks == null) {
        terminated.complete(Done.getInstance());
      }
    }
    buffer.close();
    if (ks == null) {
      return terminated;
    }
    Cancellable abort = system.scheduler().scheduleOnce(timeout, () -> {
      if (!terminated.isDone()) {
        LOG.warn("telemetry socket {}: not closed within {}; aborting ({} frames unsent)", url, timeout,
            buffer.size());
        ks.abort(new IllegalStateException("telemetry socket close timed out"));
        terminated.complete(Done.getInstance());
      }
    }, system.executionContext());
    return terminated.whenComplete((d, e) -> abort.cancel());
  }
}
