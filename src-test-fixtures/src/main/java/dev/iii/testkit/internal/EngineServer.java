package dev.iii.testkit.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.iii.testkit.internal.channels.ChannelHub;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-manager listener: Pekko HTTP with server-side WebSockets on {@code /} (worker protocol),
 * {@code /otel} (telemetry only) and {@code /ws/channels/{id}} (channel ends, served by the {@link ChannelHub}). Every upgrade request is recorded with its headers (query removed from the
 * path). One shared kill switch aborts every live socket on {@link #close()}: unbinding alone leaves upgraded
 * sockets running.
 */
public final class EngineServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineServer.class);
  /** Senders waiting for queue space are queued too (the engine's tasks wait on the channel). */
  private static final int MAX_WAITING_SENDERS = 1_000_000;
  private static final CompletionStage<NotUsed> HANDLED = CompletableFuture.completedFuture(NotUsed.getInstance());

  private final ActorSystem system;
  private final Materializer materializer;
  private final EngineCore core;
  private final SharedKillSwitch allSockets;
  private final EngineFaults faults;
  /**
   * Runs every callback on a stage Pekko returns. Those stages are Scala's {@code CF}, whose plain
   * {@code thenApply}/{@code handle}/{@code whenComplete} run as their {@code *Async} twins on the common pool; on a
   * 2-CPU machine that pool has parallelism 1 and the JDK then starts a new thread for every such task.
   */
  private final Executor executor;
  private final AtomicLong connectionCounter = new AtomicLong();
  private volatile ServerBinding binding;

  public EngineServer(ActorSystem system, EngineCore core, EngineFaults faults) {
    this.system = system;
    this.faults = faults;
    this.executor = system.dispatcher();
    this.materializer = Materializer.matFromSystem(system);
    this.core = core;
    this.allSockets = KillSwitches.shared("iii-test-engine-sockets");
  }

  /** Binds and returns the bound address; fails if the port is taken. A non-null {@code tls} serves wss://. */
  public CompletionStage<InetSocketAddress> bind(String host, int port, javax.net.ssl.@Nullable SSLContext tls) {
    org.apache.pekko.http.javadsl.ServerBuilder builder = Http.get(system).newServerAt(host, port);
    if (tls != null) {
      builder = builder.enableHttps(org.apache.pekko.http.javadsl.ConnectionContext.httpsServer(tls));
    }
    return builder.bind(this::handle).thenApplyAsync(b -> {
      this.binding = b;
      return b.localAddress();
    }, executor);
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    if (path.isEmpty()) {
      path = "/";
    }
    Map<String, String> headers = headers(request);
    core.recordings().upgrade(new Recordings.Upgrade(path, headers));
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isEmpty() && !path.startsWith(ChannelHub.PATH_PREFIX)) {
      request.discardEntityBytes(materializer);
      boolean known = path.equals("/") || path.equals("/otel");
      return CompletableFuture.completedFuture(known
          ? HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("Expected a WebSocket upgrade")
          : HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }
    if (path.equals("/")) {
      int refusedWith = faults.takeUpgradeRejection();
      if (refusedWith != 0) {
        request.discardEntityBytes(materializer);
        return CompletableFuture.completedFuture(HttpResponse.create().withStatus(refusedWith)
            .withEntity("upgrade refused (test engine fault injection)"));
      }
      String ip = request.getAttribute(AttributeKeys.remoteAddress)
          .flatMap(a -> a.getAddress()).map(a -> a.getHostAddress()).orElse(null);
      return CompletableFuture.completedFuture(upgrade.get().handleMessagesWith(workerFlow(headers, ip)));
    }
    if (path.equals("/otel")) {
      return CompletableFuture.completedFuture(upgrade.get().handleMessagesWith(otelFlow()));
    }
    if (path.startsWith(ChannelHub.PATH_PREFIX)) {
      return core.channels().handle(request); // not subject to any session: the access key is the only check
    }
    return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
  }

  private static Map<String, String> headers(HttpRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpHeader h : request.getHeaders()) {
      // Repeated headers are joined with ", " as HTTP allows; names are lower-case like the engine's map.
      out.merge(h.lowercaseName(), h.value(), (a, b) -> a + ", " + b);
    }
    return out;
  }

  private Flow<Message, Message, NotUsed> workerFlow(Map<String, String> headers, String ip) {
    ConnectionPlan plan = faults.planForNewConnection();
    if (plan.rejectMessage() != null) {
      return rejectedFlow(plan.rejectMessage());
    }
    SharedKillSwitch socket = KillSwitches.shared("worker-" + connectionCounter.incrementAndGet());
    Pair<SourceQueueWithComplete<WorkerConnection.Outgoing>, Source<WorkerConnection.Outgoing, NotUsed>> out =
        Source.<WorkerConnection.Outgoing>queue(WorkerConnection.OUTBOUND_QUEUE_SIZE, OverflowStrategy.backpressure(),
            MAX_WAITING_SENDERS).preMaterialize(materializer);
    WorkerConnection conn = new WorkerConnection(headers, ip, out.first(), socket, executor, plan);
    Source<Message, NotUsed> outbound = out.second().mapAsync(1, this::afterInjectedDelay);
    Sink<Message, CompletionStage<Done>> in = Flow.<Message>create()
        .mapAsync(1, m -> InboundFrames.collect(m, materializer))
        // One frame at a time, in order: the next is read when the previous one is handled (ENGINE §3.1).
        .mapAsync(1, f -> handled(f.isText() ? core.onText(conn, f.text()) : core.onBinary(conn, f.bytes())))
        .toMat(Sink.ignore(), Keep.right());
    boolean closedBeforeRegistering = plan.closeAfterFrames() == 0;
    return Flow.fromSinkAndSourceCoupledMat(in, outbound, Keep.left())
        .via(socket.flow())
        .via(allSockets.flow())
        .watchTermination((inboundHandled, socketEnded) -> {
          // Runs when the socket's stream is materialized, i.e. the upgrade went through: the worker exists from
          // now on, and workerregistered is queued before anything else can be.
          if (closedBeforeRegistering) {
            conn.closeByFault(); // fault injection: the socket closes before the engine says anything
            return NotUsed.getInstance();
          }
          core.onConnected(conn);
          // Clean-up (ENGINE §3.3) starts only once the socket is gone AND every frame read before the close
          // went through the handling stages above: the socket's termination alone can overtake a frame still
          // in those stages (e.g. an invocationresult sent just before the Close), whose caller would then get
          // invocation_stopped instead of the result. Pekko's stages are Scala CFs: callbacks name the executor.
          CompletableFuture<Void> socketGone = new CompletableFuture<>();
          CompletableFuture<Void> inboundDone = new CompletableFuture<>();
          socketEnded.whenCompleteAsync((d, ex) -> {
            if (ex != null) {
              LOG.debug("worker {} socket ended: {}", conn.id(), ex.toString());
            }
            socketGone.complete(null);
          }, executor);
          inboundHandled.whenCompleteAsync((d, ex) -> inboundDone.complete(null), executor);
          CompletableFuture.allOf(socketGone, inboundDone).whenComplete((v, ex) -> core.onDisconnected(conn));
          return NotUsed.getInstance();
        });
  }

  /**
   * A handled frame as a stream element (streams take no nulls). Most frames are handled inline; the others
   * continue on the engine's executor, since a stage from Pekko would otherwise start a thread per frame.
   */
  private CompletionStage<NotUsed> handled(CompletionStage<Void> handling) {
    CompletableFuture<Void> f = handling.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return HANDLED;
    }
    return f.thenApplyAsync(v -> NotUsed.getInstance(), executor);
  }

  /** Fault injection: the handshake is refused as by an RBAC auth function (PROTOCOL §1.3), no worker exists. */
  private Flow<Message, Message, NotUsed> rejectedFlow(String message) {
    Source<Message, NotUsed> errorThenClose = Source.single(TextMessage.create(Json.write(Frames.authError(message))));
    return Flow.fromSinkAndSourceCoupled(Sink.<Message>ignore(), errorThenClose).via(allSockets.flow());
  }

  /** Holds a frame until the injected delay has passed since it was queued (order is kept: one at a time). */
  private CompletionStage<Message> afterInjectedDelay(WorkerConnection.Outgoing o) {
    long waitNanos = faults.outboundDelay().toNanos() - (System.nanoTime() - o.queuedAtNanos());
    if (waitNanos <= 0) {
      return CompletableFuture.completedFuture(o.message());
    }
    return CompletableFuture.supplyAsync(o::message,
        CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS, executor));
  }

  private Flow<Message, Message, NotUsed> otelFlow() {
    Sink<Message, CompletionStage<org.apache.pekko.Done>> in = Flow.<Message>create()
        .mapAsync(1, m -> InboundFrames.collect(m, materializer))
        .toMat(Sink.foreach(f -> {
          // Text frames are ignored on /otel; binary frames are telemetry or dropped (ENGINE §11).
          if (!f.isText()) {
            Telemetry.record(core.recordings(), "/otel", f.bytes());
          }
        }), Keep.right());
    return Flow.fromSinkAndSourceCoupled(in, Source.<Message>maybe())
        .via(allSockets.flow());
  }

  /** Aborts every live socket and terminates the binding. */
  @Override
  public void close() {
    allSockets.abort(new IllegalStateException("test engine closed"));
    ServerBinding b = binding;
    if (b != null) {
      try {
        b.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("terminating the binding: {}", e.toString());
      }
    }
  }
}
