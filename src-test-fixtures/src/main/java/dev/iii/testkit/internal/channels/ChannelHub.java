package dev.iii.testkit.internal.channels;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.BuiltinInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test engine's channels (ENGINE §9): {@link #create} for {@code engine::channels::create}, and the
 * {@code /ws/channels/{id}?key=…&dir=read|write} endpoint, either as {@link #handle(HttpRequest)} (a complete HTTP
 * answer: 400/404/upgrade) or as {@link #open} (just the socket handler).
 *
 * <p>Integration: the server routes every request whose path starts with {@value #PATH_PREFIX} to
 * {@link #handle}; the built-in calls {@link #create(Long)} with the parsed {@code buffer_size} and answers
 * {@link Created#toResult()}. {@link #close()} aborts every live channel socket.
 *
 * <p>Channels have no owner: they are not removed when the creating worker disconnects. The access key is never
 * logged.
 */
public final class ChannelHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelHub.class);
  public static final String PATH_PREFIX = "/ws/channels/";
  public static final int DEFAULT_BUFFER = 64;
  public static final int MAX_BUFFER = 1024;
  /** Channels older than this with an end never taken are removed by {@link #sweep}. */
  public static final Duration SWEEP_AGE = Duration.ofMinutes(5);
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(60);
  /**
   * Config the server's ActorSystem needs (add it to the test engine's system config). Pekko's server hands a
   * message whose frames span several TCP reads over as a streamed message whose data must be subscribed within
   * {@code subscription-timeout} (5 s) or the socket fails; the hub leaves such a message unread while the channel
   * is full (that is the backpressure), which may last longer. {@code noop} lets it wait.
   */
  public static final String REQUIRED_CONFIG = "pekko.stream.materializer.subscription-timeout.mode = noop";

  private final Materializer materializer;
  private final Clock clock;
  private final Map<String, HubChannel> channels = new ConcurrentHashMap<>();
  private final SharedKillSwitch allSockets = KillSwitches.shared("iii-test-engine-channels");

  public ChannelHub(Materializer materializer) {
    this(materializer, Clock.systemUTC());
  }

  public ChannelHub(Materializer materializer, Clock clock) {
    this.materializer = materializer;
    this.clock = clock;
  }

  /** A new channel: both refs share the id and the key and differ only in direction. */
  public record Created(String channelId, String accessKey, int bufferSize) {
    /** The built-in's answer, keys sorted as the engine writes them. */
    public ObjectNode toResult() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.set("reader", ref("read"));
      out.set("writer", ref("write"));
      return out;
    }

    private ObjectNode ref(String direction) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("access_key", accessKey);
      o.put("channel_id", channelId);
      o.put("direction", direction);
      return o;
    }

    @Override
    public String toString() {
      return "Created[channelId=" + channelId + ", accessKey=***, bufferSize=" + bufferSize + "]";
    }
  }

  /**
   * Creates a channel. {@code null} means the default of 64 messages; values above 1024 become 1024 and 0 becomes
   * 1. A negative size is rejected like the engine's serde ({@code invalid value: integer `-1`, expected usize});
   * the router adds the {@code Failed to deserialize input for …} prefix.
   */
  public Created create(@Nullable Long bufferSize) {
    if (bufferSize != null && bufferSize < 0) {
      throw new BuiltinInput.InputException("invalid value: integer `" + bufferSize + "`, expected usize");
    }
    int size = bufferSize == null ? DEFAULT_BUFFER : (int) Math.max(1, Math.min(MAX_BUFFER, bufferSize));
    String id = UUID.randomUUID().toString();
    String key = UUID.randomUUID().toString();
    channels.put(id, new HubChannel(id, key, size, clock.instant()));
    LOG.debug("channel {} created (buffer {} messages)", id, size);
    return new Created(id, key, size);
  }

  /** {@link #create(Long)} for an int. */
  public Created create(int bufferSize) {
    return create(Long.valueOf(bufferSize));
  }

  /** True for the two values of the {@code dir} query parameter the engine accepts (lower case only). */
  public static boolean isDirection(@Nullable String dir) {
    return "read".equals(dir) || "write".equals(dir);
  }

  /**
   * The socket handler for one end, or empty when the channel is unknown or the key is wrong (the server then
   * answers HTTP 404 {@code Channel not found}). An end that was taken before gets a handler that closes the
   * socket at once. Taking happens here, so call this only when about to upgrade.
   *
   * @throws IllegalArgumentException if {@code dir} is not {@code read} or {@code write} (HTTP 400)
   */
  public Optional<Flow<Message, Message, NotUsed>> open(String channelId, String key, String dir) {
    HubChannel.Direction d = HubChannel.Direction.parse(dir);
    HubChannel ch = channels.get(channelId);
    if (ch == null || !ch.keyMatches(key)) {
      LOG.debug("channel {}: refused {} connection (unknown channel or wrong key)", channelId, d.wire);
      return Optional.empty();
    }
    if (!ch.take(d)) {
      LOG.debug("channel {}: {} end already taken, closing the new socket", channelId, d.wire);
      return Optional.of(ChannelSockets.closedAtOnce());
    }
    LOG.debug("channel {}: {} end connected", channelId, d.wire);
    return Optional.of(d == HubChannel.Direction.WRITE
        ? ChannelSockets.writer(ch, materializer, allSockets)
        : ChannelSockets.reader(ch, allSockets));
  }

  /**
   * The whole HTTP answer for a request on {@value #PATH_PREFIX}{@code {id}}: 400 for a missing or bad query
   * parameter (the engine's query extractor), 404 {@code Channel not found} for an unknown id or a wrong key,
   * 400 without a WebSocket upgrade, else the upgrade.
   */
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    String id = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isEmpty()) {
      request.discardEntityBytes(materializer);
    }
    if (id.isEmpty() || id.contains("/")) {
      return answer(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }
    Optional<String> key = request.getUri().query().get("key");
    Optional<String> dir = request.getUri().query().get("dir");
    if (key.isEmpty()) {
      return badRequest("missing field `key`");
    }
    if (dir.isEmpty()) {
      return badRequest("missing field `dir`");
    }
    if (!isDirection(dir.get())) {
      return badRequest("dir: unknown variant `" + dir.get() + "`, expected `read` or `write`");
    }
    HubChannel ch = channels.get(id);
    if (ch == null || !ch.keyMatches(key.get())) {
      return answer(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("Channel not found"));
    }
    if (upgrade.isEmpty()) {
      return answer(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("Expected a WebSocket upgrade"));
    }
    Optional<Flow<Message, Message, NotUsed>> handler = open(id, key.get(), dir.get());
    return answer(handler
        .map(h -> upgrade.get().handleMessagesWith(h))
        .orElseGet(() -> HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("Channel not found")));
  }

  private static CompletionStage<HttpResponse> badRequest(String detail) {
    return answer(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
        .withEntity("Failed to deserialize query string: " + detail));
  }

  private static CompletionStage<HttpResponse> answer(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  /** What a test may want to know about a channel; empty if unknown (never created, or swept). */
  public Optional<ChannelState> state(String channelId) {
    HubChannel ch = channels.get(channelId);
    if (ch == null) {
      return Optional.empty();
    }
    return Optional.of(new ChannelState(ch.capacity, ch.buffer.size(), ch.buffer.hasParkedPush(),
        ch.isTaken(HubChannel.Direction.WRITE), ch.isTaken(HubChannel.Direction.READ), ch.buffer.isSenderReleased(),
        ch.createdAt));
  }

  /**
   * A channel's state: {@code queued} messages (at most {@code bufferSize}); {@code writerStalled} when one more
   * message is waiting for space (the writer's socket is not being read); {@code writerReleased} once the writing
   * end is gone.
   */
  public record ChannelState(int bufferSize, int queued, boolean writerStalled, boolean writerTaken,
      boolean readerTaken, boolean writerReleased, Instant createdAt) {}

  public int channelCount() {
    return channels.size();
  }

  /**
   * Removes channels older than {@link #SWEEP_AGE} with an end never taken, as the engine's 60 s sweep does,
   * dropping their untaken ends (a stalled writer's socket is then dropped; a waiting reader gets Close).
   * Returns how many were removed.
   */
  public int sweep(Instant now) {
    int removed = 0;
    for (Iterator<HubChannel> it = channels.values().iterator(); it.hasNext(); ) {
      HubChannel ch = it.next();
      if (ch.hasUntakenEnd() && Duration.between(ch.createdAt, now).compareTo(SWEEP_AGE) > 0) {
        it.remove();
        ch.dropUntakenEnds();
        removed++;
        LOG.debug("channel {} swept", ch.id);
      }
    }
    return removed;
  }

  /** Runs {@link #sweep} every {@link #SWEEP_INTERVAL} on the system's scheduler; cancel it on shutdown. */
  public Cancellable startSweeping(ActorSystem system) {
    return system.scheduler().scheduleWithFixedDelay(SWEEP_INTERVAL, SWEEP_INTERVAL,
        () -> sweep(clock.instant()), system.dispatcher());
  }

  /** Aborts every live channel socket (the engine going away); records stay, so tests can still inspect them. */
  @Override
  public void close() {
    allSockets.abort(new IllegalStateException("test engine channels closed"));
  }
}
