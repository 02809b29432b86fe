package dev.iii.sdk.internal.ws;

import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.IIIException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole client protocol in one stage: text messages from the application become masked frames on the network
 * side, and the network's bytes become text messages on the application side. The handshake goes first; nothing
 * the application offers is pulled before the engine has switched protocols.
 *
 * <p>Frames that are ready while the network is still busy with the previous write are coalesced into one write
 * (up to {@link #COALESCE_BYTES}), which is where a busy connection saves most of its system calls. Pings are
 * answered with pongs; a Close is answered once, and our own Close goes out when the application's side completes.
 * A connection that ends without a Close frame ends the application's side with a failure, so the worker knows
 * it was dropped rather than closed.
 */
final class WsClientStage
    extends AbstractGraphStageWithMaterializedValue<BidiShape<ChannelMessage, ByteString, ByteString, ChannelMessage>,
        CompletionStage<WsUpgrade>> {
  private static final Logger log = LoggerFactory.getLogger(WsClientStage.class);
  /** How much outbound data may wait for the network before the application is backpressured. */
  static final int COALESCE_BYTES = 256 * 1024;
  private static final String CLOSE_TIMER = "close";

  private final Inlet<ChannelMessage> fromApp = Inlet.create("ws.fromApp");
  private final Outlet<ByteString> toNet = Outlet.create("ws.toNet");
  private final Inlet<ByteString> fromNet = Inlet.create("ws.fromNet");
  private final Outlet<ChannelMessage> toApp = Outlet.create("ws.toApp");
  private final BidiShape<ChannelMessage, ByteString, ByteString, ChannelMessage> shape =
      new BidiShape<>(fromApp, toNet, fromNet, toApp);

  private final WsHandshake handshake;
  private final WsFrames frames;
  private final WsSettings settings;
  private final IntConsumer onCloseFrame;

  WsClientStage(WsHandshake handshake, WsFrames frames, WsSettings settings, IntConsumer onCloseFrame) {
    this.handshake = handshake;
    this.frames = frames;
    this.settings = settings;
    this.onCloseFrame = onCloseFrame;
  }

  @Override
  public BidiShape<ChannelMessage, ByteString, ByteString, ChannelMessage> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<WsUpgrade>> createLogicAndMaterializedValuePair(Attributes attrs) {
    CompletableFuture<WsUpgrade> upgrade = new CompletableFuture<>();
    return Pair.create(new Logic(upgrade), upgrade);
  }

  private final class Logic extends TimerGraphStageLogic implements WsInbound.Events {
    private final CompletableFuture<WsUpgrade> upgrade;
    private final WsInbound inbound =
        new WsInbound(settings.maxTextBytes(), settings.passBinary(), settings.oversizedTextFails());
    private final ArrayDeque<ChannelMessage> received = new ArrayDeque<>();
    private ByteStringBuilder pending = new ByteStringBuilder();
    private ByteString responseHead = ByteString.emptyByteString();
    private boolean open;
    private boolean closeSent;
    private boolean closeReceived;
    /** The network side ended; the stage ends once everything read has been delivered. */
    private boolean netFinished;

    Logic(CompletableFuture<WsUpgrade> upgrade) {
      super(shape);
      this.upgrade = upgrade;
      setHandler(fromApp, new AbstractInHandler() {
        @Override
        public void onPush() {
          ChannelMessage m = grab(fromApp);
          if (m instanceof ChannelMessage.Binary b) {
            byte[] bytes = b.data().toArrayUnsafe();
            pending.append(frames.frame(WsFrames.BINARY, true, bytes, 0, bytes.length));
          } else {
            writeText(((ChannelMessage.Text) m).text());
          }
          flush();
        }

        @Override
        public void onUpstreamFinish() {
          sendClose(WsFrames.CLOSE_NORMAL, "worker closing");
          flush();
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          failStage(ex);
        }
      });
      setHandler(toNet, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
        }
      });
      setHandler(fromNet, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString bytes = grab(fromNet);
          if (open) {
            inbound.feed(bytes, Logic.this);
          } else {
            readHandshake(bytes);
          }
          deliver();
          flush();
        }

        @Override
        public void onUpstreamFinish() {
          if (!open) {
            failStage(new WsUpgradeException(0, "the connection closed during the WebSocket handshake"));
            return;
          }
          // What was read before the end is still delivered (a slow reader may not have taken it yet); only then
          // does the application's side end: normally after a Close frame, with a failure without one.
          netFinished = true;
          deliver();
        }
      });
      setHandler(toApp, new AbstractOutHandler() {
        @Override
        public void onPull() {
          deliver();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          sendClose(WsFrames.CLOSE_NORMAL, "worker closing");
          flush();
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      pending.append(handshake.request());
      pull(fromNet);
    }

    @Override
    public void postStop() {
      if (!upgrade.isDone()) {
        upgrade.completeExceptionally(new WsUpgradeException(0, "the connection ended before the upgrade"));
      }
    }

    private void readHandshake(ByteString bytes) {
      responseHead = responseHead.concat(bytes);
      int end = WsHandshake.headEnd(responseHead);
      if (end < 0) {
        if (responseHead.size() > WsHandshake.MAX_RESPONSE_HEAD) {
          throw new WsUpgradeException(0, "a response head above " + WsHandshake.MAX_RESPONSE_HEAD + " bytes");
        }
        return;
      }
      WsUpgrade accepted;
      try {
        accepted = handshake.verify(responseHead.take(end));
      } catch (WsUpgradeException e) {
        upgrade.completeExceptionally(e);
        throw e;
      }
      ByteString rest = responseHead.drop(end);
      responseHead = ByteString.emptyByteString();
      open = true;
      upgrade.complete(accepted);
      if (!rest.isEmpty()) {
        inbound.feed(rest, this);
      }
      if (!isClosed(fromApp) && !hasBeenPulled(fromApp)) {
        pull(fromApp);
      }
    }

    private void writeText(String text) {
      int fragmentBytes = settings.fragmentBytes();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= fragmentBytes) {
        pending.append(frames.frame(WsFrames.TEXT, true, bytes, 0, bytes.length));
        return;
      }
      // Fragments keep each frame well under the engine's frame cap; splitting inside a character is allowed,
      // receivers decode the reassembled message.
      for (int at = 0; at < bytes.length; at += fragmentBytes) {
        int n = Math.min(fragmentBytes, bytes.length - at);
        pending.append(frames.frame(at == 0 ? WsFrames.TEXT : WsFrames.CONTINUATION, at + n == bytes.length, bytes,
            at, n));
      }
    }

    private void sendClose(int code, String reason) {
      if (!closeSent && open) {
        closeSent = true;
        pending.append(frames.close(code, reason));
        if (!closeReceived) {
          scheduleOnce(CLOSE_TIMER, settings.closeTimeout());
        }
      }
    }

    /** The engine never answered our Close: give up on the handshake and drop the connection. */
    @Override
    public void onTimer(Object key) {
      log.debug("the engine did not answer our Close within {}; dropping the connection", settings.closeTimeout());
      completeStage();
    }

    /** Writes whatever is waiting as one chunk, then asks the application for more if there is room. */
    private void flush() {
      if (open && !closeSent && isClosed(fromApp)) {
        sendClose(WsFrames.CLOSE_NORMAL, "worker closing"); // the application finished during the handshake
      }
      if (pending.length() > 0 && isAvailable(toNet)) {
        push(toNet, pending.result());
        pending = new ByteStringBuilder();
      }
      // Our side of the TCP connection ends only after both Close frames: ending it right after ours could make
      // the engine drop the connection before it has read everything and answered.
      if (pending.length() == 0 && closeSent && closeReceived && !isClosed(toNet)) {
        complete(toNet);
      }
      if (open && !closeSent && pending.length() < COALESCE_BYTES && !isClosed(fromApp) && !hasBeenPulled(fromApp)) {
        pull(fromApp);
      }
    }

    /** One message per pull; the network is read again only when everything read so far was taken. */
    private void deliver() {
      if (!received.isEmpty() && isAvailable(toApp)) {
        push(toApp, received.poll());
      }
      if (!received.isEmpty()) {
        return;
      }
      if (netFinished) {
        if (closeReceived) {
          completeStage();
        } else {
          failStage(new IIIException("the engine's connection ended without a WebSocket Close frame"));
        }
      } else if (closeReceived) {
        if (!isClosed(toApp)) {
          complete(toApp);
        }
      } else if (!isClosed(fromNet) && !hasBeenPulled(fromNet)) {
        pull(fromNet);
      }
    }

    @Override
    public void text(String message) {
      received.add(ChannelMessage.text(message));
    }

    @Override
    public void binary(ByteString data) {
      received.add(ChannelMessage.binary(data));
    }

    @Override
    public void ping(ByteString payload) {
      if (!closeSent) {
        byte[] bytes = payload.toArray();
        pending.append(frames.frame(WsFrames.PONG, true, bytes, 0, bytes.length));
      }
    }

    @Override
    public void close(int code, String reason) {
      closeReceived = true;
      onCloseFrame.accept(code);
      cancelTimer(CLOSE_TIMER);
      log.debug("engine closed the connection: {} {}", code, reason);
      sendClose(code == 1005 || code == 1006 || code == 1015 ? WsFrames.CLOSE_NORMAL : code, "");
    }

    @Override
    public void dropped(String why, boolean serious) {
      if (serious) {
        log.error("dropped {} from the engine; the connection carries on", why);
      } else {
        log.debug("dropped {} from the engine", why);
      }
    }
  }
}
