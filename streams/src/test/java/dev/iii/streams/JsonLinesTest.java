package dev.iii.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
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
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX = 1 << 20;
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("JsonLinesTest");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "chunks of {0}")
  @ValueSource(strings = {"1", "64KiB", "random-7-1", "random-300-2", "random-70000-3", "random-200000-4"})
  void roundTripsManyRecordsWhateverTheChunking(String chunking) throws Exception {
    // Fewer, smaller records for 1-byte chunks, which cost one stream element per byte.
    List<Reading> readings = chunking.equals("1") ? Reading.sample(300, 11, 0) : Reading.sample(1000, 11, 97);
    ByteString encoded = encode(readings);

    List<Reading> decoded = decode(Chunks.by(chunking, encoded), MAX);

    assertEquals(readings, decoded);
  }

  @Test
  void writesOneCompactNewlineTerminatedLinePerRecordEvenWithAnIndentingMapper() throws Exception {
    ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    List<Reading> readings = List.of(
        new Reading("a", 1, 1.5, List.of("x"), "new\nline"), new Reading("é", 2, -2, List.of(), ""));

    ByteString encoded = Source.from(readings).via(JsonLines.encoder(indenting, Reading.class))
        .runFold(ByteString.emptyByteString(), ByteString::concat, system).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertEquals(
        "{\"sensor\":\"a\",\"seq\":1,\"value\":1.5,\"tags\":[\"x\"],\"note\":\"new\\nline\"}\n"
            + "{\"sensor\":\"é\",\"seq\":2,\"value\":-2.0,\"tags\":[],\"note\":\"\"}\n",
        encoded.decodeString(UTF_8));
  }

  @Test
  void anEmptyStreamDecodesToNothing() throws Exception {
    assertEquals(List.of(), decode(List.of(), MAX));
    assertEquals(List.of(), decode(List.of(ByteString.emptyByteString()), MAX));
  }

  @Test
  void aStreamCutAnywhereInsideTheLastLineFailsAsTruncated() throws Exception {
    List<Reading> readings = Reading.sample(3, 5, 0);
    ByteString firstTwo = encode(readings.subList(0, 2));
    ByteString all = encode(readings);

    for (int cut = firstTwo.size() + 1; cut < all.size(); cut++) {
      List<ByteString> chunks = Chunks.random(all.take(cut), cut, 16);
      FramingException error = decodeFailure(chunks, MAX);
      int received = cut - firstTwo.size();
      assertEquals("truncated record: the stream ended inside line 3 after " + received
          + " byte(s) without the terminating '\\n' (did the writer stop mid-record?)", error.getMessage());
    }
  }

  @Test
  void aStreamCutBetweenLinesLooksLikeANormalEnd() throws Exception {
    // The documented limit of JSON Lines: with no end marker in the protocol, a cut at a line boundary is a
    // clean end. LengthPrefixed with an end marker is the format that catches it.
    List<Reading> readings = Reading.sample(3, 5, 0);
    ByteString firstTwo = encode(readings.subList(0, 2));

    assertEquals(readings.subList(0, 2), decode(Chunks.fixed(firstTwo, 5), MAX));
  }

  @Test
  void aLineLongerThanTheMaximumFails() throws Exception {
    ByteString bytes = ByteString.fromString("{\"a\":1}\n\"" + "y".repeat(100) + "\"\n", UTF_8);

    // Line 2 starts at byte 8; with 7-byte chunks it has 6, 13, ... 48, then 55 bytes: over the limit.
    FramingException error = decodeFailure(Chunks.fixed(bytes, 7), 50, Object.class);

    assertEquals("line 2 is longer than the maximum of 50 bytes (55 bytes so far without a newline)",
        error.getMessage());
  }

  @Test
  void aLineOfExactlyTheMaximumIsAccepted() throws Exception {
    String line = "\"" + "z".repeat(48) + "\""; // 50 bytes
    ByteString bytes = ByteString.fromString(line + "\n" + line + "\n", UTF_8);

    List<String> decoded = decode(Chunks.fixed(bytes, 1), 50, String.class);

    assertEquals(List.of("z".repeat(48), "z".repeat(48)), decoded);
  }

  @Test
  void anEndlessLineFailsInsteadOfFillingMemory() throws Exception {
    // 1 KiB chunks without a newline, forever: only the limit can end this stream.
    Source<ByteString, ?> endless = Source.repeat(ByteString.fromString("a".repeat(1024), UTF_8));

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> endless
        .via(JsonLines.decoder(MAPPER, Object.class, 64 * 1024))
        .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS));

    FramingException error = assertInstanceOf(FramingException.class, thrown.getCause());
    assertTrue(error.getMessage().startsWith("line 1 is longer than the maximum of 65536 bytes"), error.getMessage());
  }

  @Test
  void aLineThatDoesNotParseFailsWithItsLineNumber() throws Exception {
    ByteString bytes = ByteString.fromString(
        "{\"sensor\":\"a\",\"seq\":1,\"value\":1,\"tags\":[],\"note\":\"\"}\n"
            + "{\"sensor\":\"b\",\"seq\":2,\"value\":2,\"tags\":[],\"note\":\"\"}\n"
            + "{\"sensor\": broken}\n", UTF_8);

    FramingException error = decodeFailure(Chunks.fixed(bytes, 10), MAX);

    assertTrue(error.getMessage().startsWith("line 3 is not valid JSON for dev.iii.streams.Reading: "),
        error.getMessage());
  }

  @Test
  void twoDocumentsOnOneLineAreAnError() throws Exception {
    ByteString bytes = ByteString.fromString("1\n2 3\n", UTF_8);

    FramingException error = decodeFailure(List.of(bytes), MAX, Integer.class);

    assertTrue(error.getMessage().startsWith("line 2 is not valid JSON for java.lang.Integer: "), error.getMessage());
  }

  @Test
  void emptyLinesAndJsonNullAreErrorsThatNameTheLine() throws Exception {
    FramingException empty = decodeFailure(List.of(ByteString.fromString("1\n\n2\n", UTF_8)), MAX, Integer.class);
    assertEquals("line 2 is empty, not a JSON document of java.lang.Integer", empty.getMessage());

    FramingException nul = decodeFailure(List.of(ByteString.fromString("1\n2\nnull\n", UTF_8)), MAX, Integer.class);
    assertEquals("line 3 is JSON null, which a stream cannot carry", nul.getMessage());
  }

  @Test
  void crlfLineEndsAreAccepted() throws Exception {
    assertEquals(List.of(1, 2), decode(List.of(ByteString.fromString("1\r\n2\r\n", UTF_8)), MAX, Integer.class));
  }

  @Test
  void oneDecoderValueCanBeMaterializedManyTimesWithSeparateState() throws Exception {
    var decoder = JsonLines.decoder(MAPPER, Integer.class, 100);
    // The first run leaves a partial line behind; the second must not see it.
    var first = Source.single(ByteString.fromString("1\n2", UTF_8)).via(decoder).runWith(Sink.seq(), system);
    var second = Source.single(ByteString.fromString("3\n", UTF_8)).via(decoder).runWith(Sink.seq(), system);

    assertEquals(List.of(3), second.toCompletableFuture().get(5, TimeUnit.SECONDS));
    ExecutionException thrown = assertThrows(ExecutionException.class,
        () -> first.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(FramingException.class, thrown.getCause());
  }

  /** A value whose serializer fails. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("no value today");
    }
  }

  /** A value whose serializer writes raw text, so it could smuggle a newline into a line. */
  public record RawJson(@JsonRawValue String json) {}

  @Test
  void aValueThatCannotBeWrittenFailsTheEncoder() {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> Source.single(new Unwritable())
        .via(JsonLines.encoder(MAPPER, Unwritable.class)).runWith(Sink.seq(), system)
        .toCompletableFuture().get(5, TimeUnit.SECONDS));

    FramingException error = assertInstanceOf(FramingException.class, thrown.getCause());
    assertTrue(error.getMessage().startsWith("could not write a dev.iii.streams.JsonLinesTest$Unwritable as JSON: "),
        error.getMessage());
  }

  @Test
  void aRawNewlineInTheJsonFailsTheEncoderInsteadOfSplittingTheRecord() throws Exception {
    Source<RawJson, ?> values = Source.from(List.of(new RawJson("{}"), new RawJson("{\n}")));

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> values
        .via(JsonLines.encoder(MAPPER, RawJson.class)).runWith(Sink.seq(), system)
        .toCompletableFuture().get(5, TimeUnit.SECONDS));

    FramingException error = assertInstanceOf(FramingException.class, thrown.getCause());
    assertTrue(error.getMessage().contains("contains a raw newline"), error.getMessage());
  }

  @Test
  void badArgumentsFailWhenTheFlowIsBuilt() {
    assertThrows(IllegalArgumentException.class, () -> JsonLines.decoder(MAPPER, Reading.class, 0));
    assertThrows(NullPointerException.class, () -> JsonLines.decoder(null, Reading.class, 10));
    assertThrows(NullPointerException.class, () -> JsonLines.encoder(MAPPER, null));
  }

  private static ByteString encode(List<Reading> readings) throws Exception {
    return Source.from(readings).via(JsonLines.encoder(MAPPER, Reading.class))
        .runWith(Sink.seq(), system).thenApply(Chunks::concat).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Reading> decode(List<ByteString> chunks, int maxLineBytes) throws Exception {
    return decode(chunks, maxLineBytes, Reading.class);
  }

  private static <T> List<T> decode(List<ByteString> chunks, int maxLineBytes, Class<T> type) throws Exception {
    return Source.from(chunks).via(JsonLines.decoder(MAPPER, type, maxLineBytes))
        .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static FramingException decodeFailure(List<ByteString> chunks, int maxLineBytes) {
    return decodeFailure(chunks, maxLineBytes, Reading.class);
  }

  private static FramingException decodeFailure(List<ByteString> chunks, int maxLineBytes, Class<?> type) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> decode(chunks, maxLineBytes, type));
    return assertInstanceOf(FramingException.class, thrown.getCause());
  }
}
