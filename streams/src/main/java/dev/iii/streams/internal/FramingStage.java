package dev.iii.streams.internal;

import dev.iii.streams.FramingException;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a stream of arbitrarily chunked bytes into records with a {@link Framer}.
 *
 * <p>Backpressure: upstream is pulled only when downstream wants a record and the framer has no complete
 * record left, so one chunk carrying many records is handed out one record per downstream pull, and the
 * stage never reads ahead of demand.
 */
public final class FramingStage<R> extends GraphStage<FlowShape<ByteString, R>> {
  private final String name;
  private final Supplier<? extends Framer<R>> framers;
  private final Inlet<ByteString> in;
  private final Outlet<R> out;
  private final FlowShape<ByteString, R> shape;

  public FramingStage(String name, Supplier<? extends Framer<R>> framers) {
    this.name = name;
    this.framers = framers;
    this.in = Inlet.create(name + ".in");
    this.out = Outlet.create(name + ".out");
    this.shape = FlowShape.of(in, out);
  }

  @Override
  public FlowShape<ByteString, R> shape() {
    return shape;
  }

  @Override
  public Attributes initialAttributes() {
    return Attributes.name(name);
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    Framer<R> framer = framers.get();
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            framer.append(grab(in));
            deliver(); // we pull only on behalf of a downstream pull, so out is available here
          }

          @Override
          public void onUpstreamFinish() {
            // Records may still be buffered: hand them out as downstream pulls, then check the tail.
            if (isAvailable(out)) {
              deliver();
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }
        });
      }

      /** Answers one downstream pull: a buffered record, the end of the stream, or a pull of upstream. */
      private void deliver() {
        R record;
        try {
          record = framer.poll();
          if (record == null && isClosed(in)) {
            framer.finish();
          }
        } catch (FramingException e) {
          failStage(e);
          return;
        }
        if (record != null) {
          push(out, record);
        } else if (isClosed(in)) {
          completeStage();
        } else if (!hasBeenPulled(in)) {
          pull(in);
        }
      }
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
