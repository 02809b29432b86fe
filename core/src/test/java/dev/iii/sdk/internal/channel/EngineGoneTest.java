package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.ChannelRef;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine disappears mid-transfer: both ends fail with ChannelClosedException, neither completes. */
class EngineGoneTest {
  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "engine-gone");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void killingTheEngineFailsTheReaderAndTheWriter() throws Exception {
    try (HubServer engine = new HubServer()) {
      ChannelFactory factory = new ChannelFactory(system, engine.workerUrl(), null);
      ChannelHub.Created c = engine.create(4);
      AtomicLong received = new AtomicLong();
      CompletionStage<Done> reading = factory.openReader(HubServer.ref(c, ChannelRef.Direction.READ)).source()
          .runWith(Sink.foreach(b -> received.addAndGet(b.size())), system);
      ByteString chunk = ByteString.fromArray(new byte[64 * 1024]);
      CompletionStage<Done> writing = Source.repeat(chunk)
          .runWith(factory.openWriter(HubServer.ref(c, ChannelRef.Direction.WRITE)).sink(), system);
      Waits.condition(() -> received.get() > 4 << 20, "4 MiB transferred");
      engine.kill();
      Throwable r = Waits.failureOf(reading);
      assertInstanceOf(ChannelClosedException.class, r, r.toString());
      assertTrue(r.getMessage().contains(c.channelId()), r.getMessage());
      Throwable w = Waits.failureOf(writing);
      assertInstanceOf(ChannelClosedException.class, w, w.toString());
    }
  }

  @Test
  void aReaderWaitingForDataFailsWhenTheEngineGoes() throws Exception {
    try (HubServer engine = new HubServer()) {
      ChannelFactory factory = new ChannelFactory(system, engine.workerUrl(), null);
      ChannelHub.Created c = engine.create(4);
      CompletionStage<ByteString> all = factory.openReader(HubServer.ref(c, ChannelRef.Direction.READ)).readAll(1000);
      Waits.condition(() -> engine.hub.state(c.channelId()).orElseThrow().readerTaken(), "reader connected");
      engine.kill(); // no data, no writer: the connection just ends
      assertInstanceOf(ChannelClosedException.class, Waits.failureOf(all));
    }
  }
}
