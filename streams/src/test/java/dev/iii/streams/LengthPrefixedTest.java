package dev.iii.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iii.streams.LengthPrefixed.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LengthPrefixedTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX = 1 << 20;
  private static final Options PLAIN = Options.defaults();
  private static final Options CRC = Options.defaults().withCrc32();
  private static final Options MARKER = Options.defaults().withEndMarker();
  private static final Options BOTH = Options.defaults().withCrc32().withEndMarker();
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("LengthPrefixedTest");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "chunks of {0}, crc32={1}, end marker={2}")
  @CsvSource({
      "1, false, false", "1, true, true",
      "64KiB, false, false", "64KiB, true, false", "64KiB, false, true", "64KiB, true, true",
      "random-5-1, true, true", "random-1000-2, false, false", "random-70000-3, true, false",
      "random-200000-4, false, true"})
  void roundTripsManyBinaryRecordsWhateverTheChunking(String chunking, boolean crc32, boolean endMarker)
      throws Exception {
    Options options = options(crc32, endMarker);
    List<ByteString> records = chunking.equals("1") ? binaryRecords(200, 2_000, 21) : binaryRecords(1000, 150_000, 21);
    ByteString encoded = encode(Source.from(records).via(LengthPrefixed.encoder(options)));

    List<ByteString> decoded = decodeBytes(Chunks.by(chunking, encoded), MAX, options);

    assertEquals(records, decoded);
  }

  @ParameterizedTest(name = "chunks of {0}")
  @ValueSource(strings = {"1", "64KiB", "random-9-5", "random-100000-6"})
  void roundTripsTypedRecordsAsJson(String chunking) throws Exception {
    List<Reading> readings = chunking.equals("1") ? Reading.sample(200, 7, 0) : Reading.sample(1000, 7, 89);
    ByteString encoded = encode(Source.from(readings).via(LengthPrefixed.encoder(MAPPER, Reading.class, BOTH)));

    List<Reading> decoded = Source.from(Chunks.by(chunking, encoded))
        .via(LengthPrefixed.decoder(MAPPER, Reading.class, MAX, BOTH))
        .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertEquals(readings, decoded);
  }

  @Test
  void wireFormatIsABigEndianLengthThenThePayloadThenTheOptionalCrcAndMarker() throws Exception {
    Source<ByteString, ?> abc = Source.single(ByteString.fromString("abc", UTF_8));

    assertArrayEquals(new byte[] {0, 0, 0, 3, 'a', 'b', 'c'}, encode(abc.via(LengthPrefixed.encoder())).toArray());
    // CRC32("abc") = 0x352441c2, the standard check value of the zip polynomial.
    assertArrayEquals(new byte[] {0, 0, 0, 3, 'a', 'b', 'c', 0x35, 0x24, 0x41, (byte) 0xc2},
        encode(abc.via(LengthPrefixed.encoder(CRC))).toArray());
    assertArrayEquals(new byte[] {0, 0, 0, 3, 'a', 'b', 'c', -1, -1, -1, -1},
        encode(abc.via(LengthPrefixed.encoder(MARKER))).toArray());
    assertArrayEquals(new byte[] {0, 0, 1, 0},
        encode(Source.single(ByteString.fromArray(new byte[256])).via(LengthPrefixed.encoder())).take(4).toArray());
  }

  @Test
  void emptyRecordsAndAnEmptyStreamRoundTrip() throws Exception {
    List<ByteString> records = List.of(ByteString.emptyByteString(), ByteString.fromString("x", UTF_8),
        ByteString.emptyByteString());
    ByteString encoded = encode(Source.from(records).via(LengthPrefixed.encoder(CRC)));

    assertEquals(records, decodeBytes(Chunks.fixed(encoded, 1), MAX, CRC));
    assertEquals(List.of(), decodeBytes(List.of(), MAX, PLAIN));
    assertEquals(List.of(), decodeBytes(
        List.of(encode(Source.<ByteString>empty().via(LengthPrefixed.encoder(MARKER)))), MAX, MARKER));
  }

  @ParameterizedTest(name = "crc32={0}")
  @ValueSource(booleans = {false, true})
  void aStreamCutAnywhereInsideTheLastRecordSaysWhichRecordAndHowManyBytesAreMissing(boolean crc32)
      throws Exception {
    Options options = options(crc32, false);
    List<ByteString> records = List.of(bytes("first"), bytes("second record"), bytes("third, the last one"));
    ByteString firstTwo = encode(Source.from(records.subList(0, 2)).via(LengthPrefixed.encoder(options)));
    ByteString all = encode(Source.from(records).via(LengthPrefixed.encoder(options)));
    int payload = records.get(2).size();

    for (int cut = firstTwo.size() + 1; cut < all.size(); cut++) {
      int received = cut - firstTwo.size();
      FramingException error = decodeBytesFailure(Chunks.random(all.take(cut), cut, 6), MAX, options);
      String expected;
      if (received < 4) {
        expected = received + " of the 4 bytes of its length header arrived; " + (4 - received)
            + " byte(s) of the header missing";
      } else if (received < 4 + payload) {
        int got = received - 4;
        expected = got + " of its " + payload + " payload bytes arrived; " + (all.size() - cut) + " byte(s) of "
            + (crc32 ? "the payload and checksum" : "the payload") + " missing";
      } else {
        int got = received - 4 - payload;
        expected = "its payload and " + got + " of the 4 checksum bytes arrived; " + (4 - got)
            + " byte(s) of the checksum missing";
      }
      assertEquals("truncated record: the stream ended inside record 3: " + expected
          + " (did the writer stop mid-record?)", error.getMessage(), "cut at " + cut);
    }
    // Without an end marker, a cut exactly between two records is a normal end.
    assertEquals(records.subList(0, 2), decodeBytes(List.of(firstTwo), MAX, options));
  }

  @Test
  void withAnEndMarkerAStreamCutBetweenRecordsFailsToo() throws Exception {
    List<ByteString> records = List.of(bytes("one"), bytes("two"));
    ByteString withoutMarker = encode(Source.from(records).via(LengthPrefixed.encoder()));

    FramingException error = decodeBytesFailure(Chunks.fixed(withoutMarker, 3), MAX, MARKER);

    assertEquals("truncated stream: it ended after record 2 without the end marker"
        + " (did the writer stop mid-transfer?)", error.getMessage());
  }

  @Test
  void withAnEndMarkerBytesAfterTheMarkerAreAnError() throws Exception {
    ByteString encoded = encode(Source.single(bytes("one")).via(LengthPrefixed.encoder(MARKER)));

    FramingException error = decodeBytesFailure(List.of(encoded, bytes("zz")), MAX, MARKER);

    assertEquals("2 byte(s) arrived after the end marker that followed record 1; the stream must end with the marker",
        error.getMessage());
  }

  @Test
  void anEncoderWhoseUpstreamFailsWritesNoEndMarker() {
    IllegalStateException boom = new IllegalStateException("boom");
    Source<ByteString, ?> failing = Source.single(bytes("one")).concat(Source.failed(boom));

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> encode(failing.via(
        LengthPrefixed.encoder(MARKER))));

    assertSame(boom, thrown.getCause());
  }

  @Test
  void aRecordAboveTheMaximumFailsOnItsHeaderBeforeThePayloadArrives() {
    ByteString header = encode32(1_000_001);
    // The payload never comes: only the header check can end this stream.
    Source<ByteString, ?> headerOnly = Source.single(header).concat(Source.never());

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> headerOnly
        .via(LengthPrefixed.decoder(1_000_000)).runWith(Sink.seq(), system).toCompletableFuture()
        .get(10, TimeUnit.SECONDS));

    FramingException error = assertInstanceOf(FramingException.class, thrown.getCause());
    assertEquals("record 1 declares 1000001 payload bytes, more than the maximum of 1000000", error.getMessage());
  }

  @Test
  void aRecordOfExactlyTheMaximumIsAccepted() throws Exception {
    ByteString record = ByteString.fromArray(new byte[100]);
    ByteString encoded = encode(Source.single(record).via(LengthPrefixed.encoder()));

    assertEquals(List.of(record), decodeBytes(Chunks.fixed(encoded, 7), 100, PLAIN));
  }

  @Test
  void aNegativeLengthIsCorruptData() {
    FramingException error = decodeBytesFailure(List.of(encode32(-2)), MAX, MARKER);

    assertEquals("record 1 has an invalid length header -2 (negative; the stream is not length-prefixed records,"
        + " or is corrupt)", error.getMessage());
  }

  @Test
  void aCorruptedPayloadFailsItsChecksum() throws Exception {
    List<ByteString> records = List.of(bytes("alpha"), bytes("beta"));
    byte[] encoded = encode(Source.from(records).via(LengthPrefixed.encoder(CRC))).toArray();
    encoded[4 + 5 + 4 + 4 + 1] ^= 0x01; // 'e' of "beta" becomes 'd'

    FramingException error = decodeBytesFailure(List.of(ByteString.fromArray(encoded)), MAX, CRC);

    assertTrue(error.getMessage().startsWith("record 2 (4 payload bytes) fails its CRC32 check: stored "),
        error.getMessage());
  }

  @Test
  void aTypedRecordThatDoesNotParseFailsWithItsRecordNumber() throws Exception {
    ByteString encoded = encode(Source.from(List.of(bytes("1"), bytes("2"), bytes("[oops"), bytes("4")))
        .via(LengthPrefixed.encoder()));

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> Source.single(encoded)
        .via(LengthPrefixed.decoder(MAPPER, Integer.class, MAX)).runWith(Sink.seq(), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS));

    FramingException error = assertInstanceOf(FramingException.class, thrown.getCause());
    assertTrue(error.getMessage().startsWith("record 3 is not valid JSON for java.lang.Integer: "), error.getMessage());
  }

  @Test
  void mismatchedOptionsAreDetected() throws Exception {
    // A writer without checksums read by a reader expecting them: the lengths no longer line up.
    ByteString encoded = encode(Source.from(List.of(bytes("aaaa"), bytes("bbbb"))).via(LengthPrefixed.encoder()));

    assertInstanceOf(FramingException.class, decodeBytesFailure(List.of(encoded), MAX, CRC));
  }

  @Test
  void badArgumentsFailWhenTheFlowIsBuilt() {
    assertThrows(IllegalArgumentException.class, () -> LengthPrefixed.decoder(-1));
    assertThrows(NullPointerException.class, () -> LengthPrefixed.decoder(10, null));
    assertThrows(NullPointerException.class, () -> LengthPrefixed.encoder(null));
    assertThrows(NullPointerException.class, () -> LengthPrefixed.decoder(null, Reading.class, 10));
  }

  private static Options options(boolean crc32, boolean endMarker) {
    Options options = Options.defaults();
    options = crc32 ? options.withCrc32() : options;
    return endMarker ? options.withEndMarker() : options;
  }

  /** Random payloads from empty to {@code maxSize} bytes, mostly small. */
  private static List<ByteString> binaryRecords(int count, int maxSize, long seed) {
    Random random = new Random(seed);
    List<ByteString> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = i % 50 == 49 ? random.nextInt(maxSize + 1) : random.nextInt(Math.min(maxSize, 300) + 1);
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      records.add(ByteString.fromArray(payload));
    }
    return records;
  }

  private static ByteString bytes(String text) {
    return ByteString.fromString(text, UTF_8);
  }

  private static ByteString encode32(int value) {
    return ByteString.fromArray(java.nio.ByteBuffer.allocate(4).putInt(value).array());
  }

  private static ByteString encode(Source<ByteString, ?> encoded) throws Exception {
    return encoded.runWith(Sink.seq(), system).thenApply(Chunks::concat).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static List<ByteString> decodeBytes(List<ByteString> chunks, int max, Options options) throws Exception {
    return Source.from(chunks).via(LengthPrefixed.decoder(max, options))
        .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static FramingException decodeBytesFailure(List<ByteString> chunks, int max, Options options) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> decodeBytes(chunks, max, options));
    return assertInstanceOf(FramingException.class, thrown.getCause());
  }
}
