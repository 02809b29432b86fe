package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.jspecify.annotations.Nullable;

/**
 * One worker socket ({@code GET /}). Outbound frames go through a bounded queue of 64 drained by the socket's
 * single writer, as in the real engine: when it is full, whoever sends to this worker waits (the returned
 * stage completes only once the frame is queued). Mutable registration state is guarded by the engine lock.
 * The connection's {@link ConnectionPlan} (fault injection) may close it after a number of frames.
 */
public final class WorkerConnection {
  public static final int OUTBOUND_QUEUE_SIZE = 64;

  /** A queued frame with the time it was queued (an injected delay counts from then). */
  public record Outgoing(Message message, long queuedAtNanos) {}

  private final UUID id = UUID.randomUUID();
  private final Map<String, String> headers;
  private final @Nullable String ipAddress;
  private final Instant connectedAt = Instant.now();
  private final SourceQueueWithComplete<Outgoing> outbound;
  private final SharedKillSwitch killSwitch;
  /** Runs the callbacks on Pekko's stages: without one they would each get a new thread (see EngineServer). */
  private final Executor executor;
  private final ConnectionPlan plan;
  private volatile boolean closed;
  /** Frames queued so far and whether a fault closed the outbound side (guarded by {@code this}). */
  private int queuedFrames;
  private boolean closingByFault;

  /** Function ids this connection registered and did not unregister (guarded by the engine lock). */
  final Set<String> functionIds = new LinkedHashSet<>();
  /** Invocations this worker executes or awaits; halted when it disconnects (ENGINE §3.3 step 3). */
  final Set<UUID> pendingInvocations = ConcurrentHashMap.newKeySet();

  // 0.23 mode (PROTOCOL §10): the secret a reattach must present, the connection's namespace (null until
  // engine::workers::register or the grace resolves it), the registrations buffered meanwhile (in order) and
  // the grace timer; namespace, buffer, timer and rejected are guarded by {@code this}.
  @Nullable String reattachToken;
  @Nullable String namespace;
  final java.util.List<Inbound> buffered = new java.util.ArrayList<>();
  dev.iii.testkit.EngineClock.@Nullable Scheduled graceTimer;
  /** Refused with WORKER_NAMESPACE_CONFLICT: everything it sends from now on is ignored while it closes. */
  boolean rejected;

  // Metadata reported through engine::workers::register (guarded by the engine lock).
  @Nullable String runtime;
  @Nullable String version;
  @Nullable String name;
  @Nullable String os;
  @Nullable Long pid;
  @Nullable String isolation;
  @Nullable JsonNode telemetry;

  WorkerConnection(Map<String, String> headers, @Nullable String ipAddress,
      SourceQueueWithComplete<Outgoing> outbound, SharedKillSwitch killSwitch, Executor executor,
      ConnectionPlan plan) {
    this.headers = Map.copyOf(headers);
    this.ipAddress = ipAddress;
    this.outbound = outbound;
    this.killSwitch = killSwitch;
    this.executor = executor;
    this.plan = plan;
  }

  public UUID id() {
    return id;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public @Nullable String ipAddress() {
    return ipAddress;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public boolean isClosed() {
    return closed;
  }

  ConnectionPlan plan() {
    return plan;
  }

  /**
   * Queues a protocol frame. Completes with {@code true} once queued, {@code false} if the connection is
   * closed (the frame is then lost, as it is on the real engine).
   */
  public CompletionStage<Boolean> send(ObjectNode frame) {
    return sendRaw(TextMessage.create(Json.write(frame)));
  }

  /** Queues any WebSocket message, e.g. a garbage frame for fault injection. */
  public CompletionStage<Boolean> sendRaw(Message message) {
    return queue(message, false);
  }

  /** Queues a frame, then closes the socket (Close frame) once it is written: a fault "after sending". */
  CompletionStage<Boolean> sendThenClose(ObjectNode frame) {
    return queue(TextMessage.create(Json.write(frame)), true);
  }

  private CompletionStage<Boolean> queue(Message message, boolean thenClose) {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> queued;
    boolean closeAfter;
    synchronized (this) {
      // Counting and offering under one lock keeps the count in the order the writer sees the frames.
      if (closingByFault) {
        return CompletableFuture.completedFuture(false);
      }
      queuedFrames++;
      closeAfter = thenClose || (plan.closeAfterFrames() >= 0 && queuedFrames >= plan.closeAfterFrames());
      closingByFault = closeAfter;
      try {
        // offer() returns Scala's CF, whose plain handle() would run on a new thread: name the executor.
        queued = outbound.offer(new Outgoing(message, System.nanoTime()))
            .handleAsync((r, ex) -> ex == null && r.isEnqueued(), executor)
            .toCompletableFuture();
      } catch (RuntimeException e) {
        queued = CompletableFuture.completedFuture(false);
      }
    }
    if (closeAfter) {
      // Completing the queue after the frame is in it: the writer sends it, then the Close frame.
      queued.whenComplete((ok, ex) -> outbound.complete());
    }
    return queued;
  }

  /** Fault injection: closes the socket (Close frame) after the frames already queued, sending nothing more. */
  void closeByFault() {
    synchronized (this) {
      closingByFault = true;
    }
    outbound.complete();
  }

  /** Marks the connection closed and stops its writer (the engine aborts the writer before clean-up). */
  void markClosed() {
    closed = true;
    outbound.complete();
  }

  /**
   * Marks the connection closed once: true for the one caller that gets to run its clean-up (a reattach may
   * evict a connection while its own socket is going away at the same time).
   */
  synchronized boolean tryMarkClosed() {
    if (closed) {
      return false;
    }
    markClosed();
    return true;
  }

  /** The namespace its registrations were applied in; {@code default} until one is known. */
  synchronized String namespaceOrDefault() {
    return namespace == null ? Namespaces.DEFAULT : namespace;
  }

  /** Drops the socket at once (no Close handshake), as when the engine process dies. */
  public void abort(String reason) {
    killSwitch.abort(new IllegalStateException(reason));
  }

  /** Closes the socket gracefully: completes the outbound side, which sends a Close frame. */
  public void close() {
    killSwitch.shutdown();
  }
}
