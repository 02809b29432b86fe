package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.IIIException;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.internal.wire.WireCodec;
import dev.iii.sdk.internal.wire.WireMessage;
import dev.iii.sdk.internal.ws.WsClient;
import dev.iii.sdk.internal.ws.WsSettings;
import dev.iii.sdk.internal.ws.WsUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergePreferred;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the control WebSocket of one connection epoch (DESIGN §3 "The connection stream"): the replay
 * as a finite source prepended to the control lane, three outbound lanes merged by strict priority (control, then
 * replies, then calls), the codec on the stream, and an inbound stage with an idle timeout. Either side ending ends
 * the other ({@code fromSinkAndSourceCoupled}).
 */
final class ConnectionStream {
  private static final Logger log = LoggerFactory.getLogger(ConnectionStream.class);

  /** What the supervisor gets back: the lanes, the upgrade response and the end of the inbound side. */
  record Opened(Lanes lanes, CompletionStage<WsUpgrade> upgrade, CompletionStage<Done> ended) {}

  /** Buffer of the overflow reply lane (used only while the main reply lane is full). */
  private static final int REPLIES_OVERFLOW_BUFFER = 256;

  private ConnectionStream() {}

  static Opened open(
      WorkerCore core, long epoch, List<WireMessage> replay, ActorRef<WorkerSupervisor.Command> supervisor) {
    RuntimeSettings s = core.settings;
    Pair<BoundedSourceQueue<WireMessage>, Source<WireMessage, NotUsed>> control =
        Source.<WireMessage>queue(s.controlBuffer()).preMaterialize(core.materializer);
    // Replies: a lock-free lane, and behind it an overflow lane whose offers wait for space instead of failing, so
    // a reply is never dropped while its connection lives. Only the overflow lane costs an actor message per offer.
    Pair<BoundedSourceQueue<WireMessage>, Source<WireMessage, NotUsed>> replies =
        Source.<WireMessage>queue(s.repliesBuffer()).preMaterialize(core.materializer);
    Pair<SourceQueueWithComplete<WireMessage>, Source<WireMessage, NotUsed>> repliesOverflow =
        Source.<WireMessage>queue(REPLIES_OVERFLOW_BUFFER, OverflowStrategy.backpressure(), Integer.MAX_VALUE)
            .preMaterialize(core.materializer);
    Pair<BoundedSourceQueue<WireMessage>, Source<WireMessage, NotUsed>> calls =
        Source.<WireMessage>queue(s.callsBuffer()).preMaterialize(core.materializer);

    Source<WireMessage, NotUsed> controlWithReplay =
        Source.from(new ArrayList<>(replay)).concat(control.second());
    Source<WireMessage, NotUsed> allReplies = replies.second().merge(repliesOverflow.second());
    Source<WireMessage, NotUsed> merged = byPriority(controlWithReplay, allReplies, calls.second());

    // The lanes are created before the stream so the inbound router can answer on them; the kill switch is
    // filled in once the stream is materialized, which happens below, before anyone else sees these lanes.
    KillSwitchHolder ks = new KillSwitchHolder();
    Lanes lanes = new Lanes(epoch, control.first(), replies.first(), repliesOverflow.first(), calls.first(), ks);
    InboundRouter router = new InboundRouter(core, epoch, lanes, supervisor);

    Sink<String, CompletionStage<Done>> inbound =
        Flow.<String>create()
            .idleTimeout(s.idleTimeout())
            .mapAsync(1, router::onText)
            .toMat(Sink.ignore(), Keep.right());
    Source<String, UniqueKillSwitch> outbound =
        merged
            .mapConcat(msg -> encode(core, lanes, msg))
            .viaMat(KillSwitches.single(), Keep.right());
    ClientConnectionSettings settings =
        ClientConnectionSettings.create(core.system.classicSystem()).withConnectingTimeout(s.handshakeTimeout());
    Flow<String, String, CompletionStage<WsUpgrade>> socket =
        WsClient.connectText(
            core.system.classicSystem(),
            core.url,
            core.headers.get(),
            core.sslContext,
            settings,
            WsSettings.control(s.maxMessageSize(), s.outboundChunkSize()));
    Pair<Pair<UniqueKillSwitch, CompletionStage<WsUpgrade>>, CompletionStage<Done>> mat =
        outbound.viaMat(socket, Keep.both()).toMat(inbound, Keep.both()).run(core.materializer);
    ks.set(mat.first().first());
    return new Opened(lanes, mat.first().second(), mat.second());
  }

  /** Strict priority: when several lanes have an element ready, control wins, then replies, then calls. */
  private static Source<WireMessage, NotUsed> byPriority(
      Source<WireMessage, NotUsed> control, Source<WireMessage, NotUsed> replies, Source<WireMessage, NotUsed> calls) {
    return Source.fromGraph(
        GraphDSL.create(
            b -> {
              var outer = b.add(MergePreferred.<WireMessage>create(1));
              var inner = b.add(MergePreferred.<WireMessage>create(1));
              b.from(b.add(control)).toInlet(outer.preferred());
              b.from(b.add(replies)).toInlet(inner.preferred());
              b.from(b.add(calls)).toInlet(inner.in(0));
              b.from(inner.out()).toInlet(outer.in(0));
              return SourceShape.of(outer.out());
            }));
  }

  /**
   * The codec stage. A message that cannot be written must not fail the connection: a call fails locally, a reply
   * becomes an error reply, anything else is logged.
   */
  private static List<String> encode(WorkerCore core, Lanes lanes, WireMessage msg) {
    String text;
    try {
      text = WireCodec.encode(msg);
    } catch (RuntimeException e) {
      log.error("could not encode outbound {}", msg.type(), e);
      failLocally(core, lanes, msg, ErrorCodes.INVOCATION_FAILED, "could not encode the message: " + e.getMessage());
      return List.of();
    }
    long max = core.settings.maxMessageSize();
    if (text.length() > max) {
      failLocally(
          core,
          lanes,
          msg,
          ErrorCodes.PAYLOAD_TOO_LARGE,
          "message of " + text.length() + " characters exceeds the limit of " + max + " bytes");
      return List.of();
    }
    // Messages above the chunk size go out as several frames (the socket fragments them), so no single frame
    // approaches the engine's 16 MiB frame cap.
    return List.of(text);
  }

  private static void failLocally(WorkerCore core, Lanes lanes, WireMessage msg, String code, String message) {
    if (msg instanceof WireMessage.InvokeFunction inv && inv.invocationId() != null) {
      PendingCall call = core.pending.get(inv.invocationId());
      if (call != null) {
        core.failCall(
            call, new InvocationException(code, message, null, inv.functionId(), inv.invocationId().toString(), null));
      }
    } else if (msg instanceof WireMessage.InvocationResult r && r.error() == null) {
      // The caller must not wait forever for a result that cannot be sent: tell it why instead.
      lanes.sendReply(
          new WireMessage.InvocationResult(
              r.invocationId(), r.functionId(), null, new WireMessage.ErrorBody(code, message, null), null, null));
    } else {
      log.error("dropped outbound {}: {}", msg.type(), new IIIException(message));
    }
  }

  /** The kill switch exists only after materialization; the lanes are built before it. */
  static final class KillSwitchHolder {
    private volatile UniqueKillSwitch ks;

    void set(UniqueKillSwitch ks) {
      this.ks = ks;
    }

    void shutdown() {
      UniqueKillSwitch k = ks;
      if (k != null) {
        k.shutdown();
      }
    }

    void abort(Throwable cause) {
      UniqueKillSwitch k = ks;
      if (k != null) {
        k.abort(cause);
      }
    }
  }
}
