package dev.iii.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoders read no further ahead than the downstream asks: a slow downstream (a hand-written subscriber
 * requesting one record at a time) makes them pull no more chunks than the records it asked for need.
 *
 * <p>Upstream demand is observed exactly by counting {@code next()} on the iterator behind
 * {@link Source#fromIterator}: that source is fused with the decoder, so it is pulled only when the decoder
 * pulls, with no buffer in between.
 */
class FramingBackpressureTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int RECORDS = 10;
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("FramingBackpressureTest");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jsonLines", "lengthPrefixed", "lengthPrefixedCrcMarker"})
  void aRecordSplitOverThreeChunksPullsExactlyThoseThreeChunks(String format) throws Exception {
    List<Reading> readings = Reading.sample(RECORDS, 3, 0);
    List<ByteString> chunks = new ArrayList<>();
    for (Reading reading : readings) {
      ByteString record = encode(format, List.of(reading), false);
      int third = record.size() / 3;
      chunks.addAll(List.of(record.take(third), record.slice(third, 2 * third), record.drop(2 * third)));
    }
    chunks.addAll(trailer(format)); // the end marker, if any, is one more chunk
    CountingIterator upstream = new CountingIterator(chunks);
    DemandRecordingSubscriber<Reading> downstream = run(upstream, decoder(format));

    for (int k = 1; k <= RECORDS; k++) {
      downstream.request(1);
      assertEquals(readings.get(k - 1), downstream.expectNext());
      // No outstanding demand now, so the stage is idle: what it pulled is all it will ever have pulled.
      assertEquals(3 * k, upstream.pulled(), "chunks pulled after record " + k);
    }
    downstream.request(1);
    downstream.expectComplete();
    assertEquals(chunks.size(), upstream.pulled());
    assertEquals(RECORDS, downstream.received());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jsonLines", "lengthPrefixed", "lengthPrefixedCrcMarker"})
  void aChunkHoldingManyRecordsIsHandedOutOneRecordPerRequest(String format) throws Exception {
    List<Reading> readings = Reading.sample(100, 4, 0);
    CountingIterator upstream = new CountingIterator(List.of(encode(format, readings, true)));
    DemandRecordingSubscriber<Reading> downstream = run(upstream, decoder(format));

    downstream.request(3);
    for (int k = 0; k < 3; k++) {
      assertEquals(readings.get(k), downstream.expectNext());
    }
    assertEquals(1, upstream.pulled());
    for (int k = 3; k < readings.size(); k++) {
      downstream.request(1);
      assertEquals(readings.get(k), downstream.expectNext());
      assertEquals(1, upstream.pulled(), "a record already buffered needs no new chunk");
    }
    downstream.request(1);
    downstream.expectComplete();
    assertEquals(100, downstream.received());
    assertEquals(downstream.requested() - 1, downstream.received());
  }

  private static DemandRecordingSubscriber<Reading> run(
      CountingIterator upstream, Flow<ByteString, Reading, NotUsed> decoder) {
    DemandRecordingSubscriber<Reading> downstream = new DemandRecordingSubscriber<>();
    Source.fromIterator(() -> upstream).via(decoder).runWith(Sink.fromSubscriber(downstream), system);
    return downstream;
  }

  private static Flow<ByteString, Reading, NotUsed> decoder(String format) {
    return switch (format) {
      case "jsonLines" -> JsonLines.decoder(MAPPER, Reading.class, 1 << 20);
      case "lengthPrefixed" -> LengthPrefixed.decoder(MAPPER, Reading.class, 1 << 20);
      default -> LengthPrefixed.decoder(MAPPER, Reading.class, 1 << 20,
          LengthPrefixed.Options.defaults().withCrc32().withEndMarker());
    };
  }

  /** The encoded records, with the end marker only if {@code complete} (so records can be encoded one by one). */
  private static ByteString encode(String format, List<Reading> readings, boolean complete) throws Exception {
    Flow<Reading, ByteString, NotUsed> encoder = switch (format) {
      case "jsonLines" -> JsonLines.encoder(MAPPER, Reading.class);
      case "lengthPrefixed" -> LengthPrefixed.encoder(MAPPER, Reading.class);
      default -> LengthPrefixed.encoder(MAPPER, Reading.class, LengthPrefixed.Options.defaults().withCrc32()
          .withEndMarker());
    };
    ByteString all = Source.from(readings).via(encoder).runWith(Sink.seq(), system)
        .thenApply(Chunks::concat).toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<ByteString> trailer = trailer(format);
    return complete || trailer.isEmpty() ? all : all.dropRight(trailer.get(0).size());
  }

  private static List<ByteString> trailer(String format) {
    return format.equals("lengthPrefixedCrcMarker")
        ? List.of(ByteString.fromArray(new byte[] {-1, -1, -1, -1}))
        : List.of();
  }

  /** Hands out chunks and counts how many were taken. */
  private static final class CountingIterator implements Iterator<ByteString> {
    private final Iterator<ByteString> chunks;
    private final AtomicInteger pulled = new AtomicInteger();

    CountingIterator(List<ByteString> chunks) {
      this.chunks = chunks.iterator();
    }

    @Override
    public boolean hasNext() {
      return chunks.hasNext();
    }

    @Override
    public ByteString next() {
      pulled.incrementAndGet();
      return chunks.next();
    }

    int pulled() {
      return pulled.get();
    }
  }
}
