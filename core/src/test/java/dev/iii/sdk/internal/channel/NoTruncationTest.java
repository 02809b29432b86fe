package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.iii.sdk.ChannelRef;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No truncation: many runs of "write N bytes, complete the sink at once, read everything": the sink's completion
 * must mean every byte reached the engine, and the reader must see exactly those bytes.
 */
class NoTruncationTest {
  private static final int RUNS = 200;
  private static final int MAX_BYTES = 3 << 20;
  @RegisterExtension
  static final HubFixture HUB = new HubFixture("no-truncation");

  @Test
  void everyByteArrivesAndTheSinkCompletesOnlyAfterwards() throws Exception {
    Random random = new Random(20261127L);
    for (int run = 0; run < RUNS; run++) {
      // Mostly small sizes, some up to a few MiB: the boundary cases are what truncation bugs hit.
      int n = random.nextInt(4) == 0 ? random.nextInt(MAX_BYTES) : random.nextInt(70_000);
      byte[] data = new byte[n];
      random.nextBytes(data);
      int buffer = 1 + random.nextInt(64);
      ChannelHub.Created c = HUB.engine.create(buffer);
      ChannelRef w = HubServer.ref(c, ChannelRef.Direction.WRITE);
      ChannelRef r = HubServer.ref(c, ChannelRef.Direction.READ);
      // Written in random slices, the whole stream completing right after the last one.
      java.util.List<ByteString> slices = slices(data, random);
      CompletionStage<Done> written = Source.from(slices).runWith(HUB.factory.openWriter(w).sink(), HUB.system);
      if (run % 2 == 0 && maxFrames(slices) <= buffer) {
        Waits.await(written, "run " + run); // the writer may finish before the reader connects
      }
      MessageDigest got = MessageDigest.getInstance("SHA-256");
      long total = Waits.await(HUB.factory.openReader(r).source()
          .runWith(Sink.fold(0L, (sum, b) -> {
            got.update(b.toByteBuffer());
            return sum + b.size();
          }), HUB.system));
      Waits.await(written, "run " + run);
      assertEquals(n, total, "run " + run + ": byte count");
      assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest(), "run " + run + ": SHA-256");
    }
  }

  /** At most this many frames (messages) for these slices: each slice is at most ceil(len / 64 KiB) frames. */
  private static int maxFrames(java.util.List<ByteString> slices) {
    return slices.stream().mapToInt(b -> (b.size() + 65_535) / 65_536).sum();
  }

  private static java.util.List<ByteString> slices(byte[] data, Random random) {
    java.util.List<ByteString> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int len = Math.min(data.length - i, 1 + random.nextInt(random.nextBoolean() ? 100 : 300_000));
      out.add(ByteString.fromArray(data, i, len));
      i += len;
    }
    return out;
  }
}
