package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.iii.sdk.ChannelRef;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A writer finishes long before its reader starts draining a full channel: the engine answers the writer's Close
 * only then, more than Pekko's default 3 s (at most 6 s) later. The writer must wait for that answer, not give up.
 */
class SlowReaderTest {
  @RegisterExtension
  static final HubFixture HUB = new HubFixture("slow-reader");

  @Test
  void theWriterWaitsForTheEnginesCloseAnswerBeyondThreeSeconds() {
    ChannelHub.Created c = HUB.engine.create(2);
    byte[] data = new byte[8 * 65_536]; // more than the channel holds, less than the socket buffers
    new Random(11).nextBytes(data);
    CompletionStage<Done> written = Source.single(ByteString.fromArray(data))
        .runWith(HUB.factory.openWriter(HubServer.ref(c, ChannelRef.Direction.WRITE)).sink(), HUB.system);
    Waits.condition(() -> HUB.engine.hub.state(c.channelId()).orElseThrow().writerStalled(), "channel full");
    // The reader connects after 7 s (Pekko checks its 3 s deadline on a 3 s tick, so it fires within 6 s). This is
    // a stream delay; the test itself does not sleep.
    var readerEnd = HUB.factory.openReader(HubServer.ref(c, ChannelRef.Direction.READ));
    CompletionStage<ByteString> read = Source.single(1).initialDelay(Duration.ofSeconds(7))
        .flatMapConcat(x -> readerEnd.source())
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), HUB.system);
    assertFalse(written.toCompletableFuture().isDone(), "the engine cannot have confirmed yet");
    Waits.await(written);
    assertArrayEquals(data, Waits.await(read).toArray());
  }

  @Test
  void aConsumerThatPausesLongerThanPekkosSubscriptionTimeoutLosesNothing() {
    ChannelHub.Created c = HUB.engine.create(4);
    byte[] data = new byte[2 << 20];
    new Random(12).nextBytes(data);
    CompletionStage<Done> written = Source.single(ByteString.fromArray(data))
        .runWith(HUB.factory.openWriter(HubServer.ref(c, ChannelRef.Direction.WRITE)).sink(), HUB.system);
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    // After the first piece the consumer stalls for 6 s (> Pekko's 5 s subscription timeout): a stream delay.
    CompletionStage<ByteString> read = HUB.factory.openReader(HubServer.ref(c, ChannelRef.Direction.READ)).source()
        .mapAsync(1, b -> seen.getAndIncrement() == 1
            ? org.apache.pekko.pattern.Patterns.after(Duration.ofSeconds(6), HUB.system.classicSystem().scheduler(),
                HUB.system.executionContext(), () -> java.util.concurrent.CompletableFuture.completedFuture(b))
            : java.util.concurrent.CompletableFuture.completedFuture(b))
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), HUB.system);
    assertArrayEquals(data, Waits.await(read).toArray());
    Waits.await(written);
  }
}
