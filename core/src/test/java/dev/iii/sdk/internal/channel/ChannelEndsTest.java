package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.ChannelMessage;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel ends against the test engine's hub: round trips, ordering, the take-once rule, refusals. */
class ChannelEndsTest {
  @RegisterExtension
  static final HubFixture HUB = new HubFixture("channel-sdk");

  private static ChannelWriter writer(ChannelHub.Created c) {
    return HUB.factory.openWriter(HubServer.ref(c, ChannelRef.Direction.WRITE));
  }

  private static ChannelReader reader(ChannelHub.Created c) {
    return HUB.factory.openReader(HubServer.ref(c, ChannelRef.Direction.READ));
  }

  private static ByteString utf8(String s) {
    return ByteString.fromString(s, StandardCharsets.UTF_8);
  }

  @Test
  void plainWritesAndTextMessagesArriveInCallOrder() {
    ChannelHub.Created c = HUB.engine.create(64);
    ChannelWriter w = writer(c);
    w.write("ab".getBytes(StandardCharsets.UTF_8));
    w.sendMessage("{\"type\":\"first\"}");
    w.write("cd".getBytes(StandardCharsets.UTF_8));
    w.sendMessage("second");
    w.close();
    List<ChannelMessage> got = Waits.await(reader(c).messages().runWith(Sink.seq(), HUB.system));
    assertEquals(List.of(ChannelMessage.binary(utf8("ab")), ChannelMessage.text("{\"type\":\"first\"}"),
        ChannelMessage.binary(utf8("cd")), ChannelMessage.text("second")), got);
  }

  @Test
  void sinkToSourceRoundTripWithTextToCallbacks() {
    ChannelHub.Created c = HUB.engine.create(4);
    ChannelWriter w = writer(c);
    ChannelReader r = reader(c);
    List<String> texts = new CopyOnWriteArrayList<>();
    r.onText(texts::add);
    CompletionStage<ByteString> all = r.source().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), HUB.system);
    List<ByteString> parts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      parts.add(utf8("part-" + i + ";"));
    }
    // The byte stream stays open until the text is queued: once the sink's upstream has completed the writer is
    // closed and a later text is refused, so without the gate the test would race the 1,000 parts.
    java.util.concurrent.CompletableFuture<ByteString> textQueued = new java.util.concurrent.CompletableFuture<>();
    CompletionStage<Done> sent = Source.from(parts)
        .concat(Source.completionStage(textQueued).filter(b -> false))
        .runWith(w.sink(), HUB.system);
    w.sendMessage("hello"); // goes out while the bytes stream
    textQueued.complete(ByteString.emptyByteString());
    Waits.await(sent);
    assertEquals(String.join("", parts.stream().map(ByteString::utf8String).toList()), Waits.await(all).utf8String());
    assertEquals(List.of("hello"), texts);
  }

  @Test
  void bigWritesAreSplitIntoFramesOfAtMost64KiB() {
    ChannelHub.Created c = HUB.engine.create(64);
    ChannelWriter w = writer(c);
    byte[] big = new byte[200_000];
    new java.util.Random(7).nextBytes(big);
    w.write(big);
    Waits.condition(() -> HUB.engine.hub.state(c.channelId()).orElseThrow().queued() == 4, "four frames queued");
    w.close();
    List<ChannelMessage> got = Waits.await(reader(c).messages().runWith(Sink.seq(), HUB.system));
    ByteString joined = ByteString.emptyByteString();
    for (ChannelMessage m : got) {
      ByteString d = ((ChannelMessage.Binary) m).data();
      assertTrue(d.size() <= 65_536, "frame of " + d.size() + " bytes");
      joined = joined.concat(d);
    }
    assertArrayEquals(big, joined.toArray());
  }

  @Test
  void streamsAdaptersRoundTrip() throws Exception {
    ChannelHub.Created c = HUB.engine.create(2);
    ChannelWriter w = writer(c);
    InputStream in = reader(c).inputStream();
    byte[] data = new byte[300_000];
    new java.util.Random(3).nextBytes(data);
    Thread producer = new Thread(() -> {
      try (OutputStream out = w.outputStream()) {
        for (byte b : java.util.Arrays.copyOf(data, 1000)) {
          out.write(b); // byte at a time is gathered locally
        }
        out.write(data, 1000, data.length - 1000);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    producer.start();
    byte[] read = in.readAllBytes();
    producer.join(Waits.TIMEOUT.toMillis());
    assertArrayEquals(data, read);
    assertEquals(-1, in.read());
  }

  @Test
  void readAllStopsAtMaxBytes() {
    ChannelHub.Created c = HUB.engine.create(8);
    ChannelWriter w = writer(c);
    w.write(new byte[100]);
    w.close();
    ChannelHub.Created c2 = HUB.engine.create(8);
    ChannelWriter w2 = writer(c2);
    w2.write(new byte[100]);
    w2.close();
    assertEquals(100, Waits.await(reader(c).readAll(100)).size());
    Throwable t = Waits.failureOf(reader(c2).readAll(99));
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage().contains("more than maxBytes = 99"), t.getMessage());
  }

  @Test
  void eachEndMaterializesOnce() {
    ChannelHub.Created c = HUB.engine.create(8);
    ChannelWriter w = writer(c);
    ChannelReader r = reader(c);
    CompletionStage<List<ChannelMessage>> first = r.messages().runWith(Sink.seq(), HUB.system);
    // Materialization of the first stream happens on a stream thread: let it take the end first.
    Waits.condition(() -> HUB.engine.hub.state(c.channelId()).orElseThrow().readerTaken(), "first reader connected");
    Throwable second = Waits.failureOf(r.source().runWith(Sink.seq(), HUB.system));
    assertInstanceOf(IllegalStateException.class, second);
    assertEquals("channel " + c.channelId() + " reader was already opened; each end can be opened once",
        second.getMessage());
    assertThrows(IllegalStateException.class, () -> r.onText(s -> {}));

    CompletionStage<Done> sinkDone = Source.single(utf8("x")).runWith(w.sink(), HUB.system);
    Waits.await(sinkDone);
    Throwable again = Waits.failureOf(Source.single(utf8("y")).runWith(w.sink(), HUB.system));
    assertEquals("channel " + c.channelId() + " writer was already opened; each end can be opened once",
        again.getMessage());
    IllegalStateException plain = assertThrows(IllegalStateException.class, () -> w.write(new byte[1]));
    assertTrue(plain.getMessage().contains("driven by its sink()"), plain.getMessage());
    assertEquals(List.of(ChannelMessage.binary(utf8("x"))), Waits.await(first));
  }

  @Test
  void aWrongKeyIsRefusedWithChannelClosedException() {
    ChannelHub.Created c = HUB.engine.create(8);
    ChannelRef bad = new ChannelRef(c.channelId(), "not-the-key", ChannelRef.Direction.READ);
    Throwable t = Waits.failureOf(HUB.factory.openReader(bad).messages().runWith(Sink.seq(), HUB.system));
    assertInstanceOf(ChannelClosedException.class, t);
    assertTrue(t.getMessage().contains("HTTP 404"), t.getMessage());
    Throwable tw = Waits.failureOf(Source.single(utf8("x"))
        .runWith(HUB.factory.openWriter(bad.withDirection(ChannelRef.Direction.WRITE)).sink(), HUB.system));
    assertInstanceOf(ChannelClosedException.class, tw);
    assertTrue(tw.getMessage().contains("HTTP 404"), tw.getMessage());
  }

  @Test
  void aRefusedConnectionFailsWithChannelClosedException() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ChannelFactory nowhere = new ChannelFactory(HUB.system, "ws://127.0.0.1:" + closedPort, null);
    ChannelRef ref = new ChannelRef("c", "k", ChannelRef.Direction.READ);
    Throwable t = Waits.failureOf(nowhere.openReader(ref).messages().runWith(Sink.seq(), HUB.system));
    assertInstanceOf(ChannelClosedException.class, t);
    assertTrue(t.getMessage().contains("could not connect"), t.getMessage());
    ChannelWriter w = nowhere.openWriter(ref.withDirection(ChannelRef.Direction.WRITE));
    ChannelClosedException e = assertThrows(ChannelClosedException.class, w::close);
    assertTrue(e.getMessage().contains("could not connect"), e.getMessage());
  }

  @Test
  void aSecondWriterForATakenEndIsClosedByTheEngine() {
    ChannelHub.Created c = HUB.engine.create(8);
    ChannelWriter first = writer(c);
    first.write(new byte[] {1});
    Waits.condition(() -> HUB.engine.hub.state(c.channelId()).orElseThrow().writerTaken(), "first writer connected");
    ChannelWriter second = writer(c);
    Throwable t = Waits.failureOf(Source.repeat(utf8("z")).runWith(second.sink(), HUB.system));
    assertInstanceOf(ChannelClosedException.class, t);
    assertTrue(t.getMessage().contains("before the writer finished"), t.getMessage());
    first.close();
    assertEquals(1, Waits.await(reader(c).readAll(10)).size());
  }

  @Test
  void anUpstreamFailureFailsTheSinkWithThatError() {
    ChannelHub.Created c = HUB.engine.create(8);
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    Throwable t = Waits.failureOf(Source.<ByteString>failed(boom).runWith(writer(c).sink(), HUB.system));
    assertEquals(boom, t);
  }

  @Test
  void closingAnUnusedWriterSendsAnEmptyStream() {
    ChannelHub.Created c = HUB.engine.create(8);
    writer(c).close();
    assertEquals(0, Waits.await(reader(c).readAll(10)).size());
    assertFalse(HUB.engine.hub.state(c.channelId()).orElseThrow().writerStalled());
  }
}
