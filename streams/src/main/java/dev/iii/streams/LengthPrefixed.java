package dev.iii.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iii.streams.internal.Crc32;
import dev.iii.streams.internal.Framed;
import dev.iii.streams.internal.FramingStage;
import dev.iii.streams.internal.JsonRecords;
import dev.iii.streams.internal.LengthFieldFramer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Binary records for channels: {@code [4-byte big-endian payload length][payload]}, and with
 * {@link Options#withCrc32()} a 4-byte big-endian CRC32 of the payload after it. With
 * {@link Options#withEndMarker()} the writer ends the stream with a length of {@code -1}
 * ({@code FF FF FF FF}) and the reader requires it.
 *
 * <pre>{@code
 * chunks.via(LengthPrefixed.encoder()).runWith(writer.sink(), system);
 * reader.source().via(LengthPrefixed.decoder(1 << 20)).runForeach(this::handle, system);
 * }</pre>
 *
 * <p>The channel protocol has no end marker, so a writer that dies looks to the reader like a normal end.
 * A stream cut inside a record fails the decoder with a {@link FramingException} naming the record and the
 * number of missing bytes. A stream cut exactly between records is only detected with the end marker;
 * encoder and decoder must use the same {@link Options}.
 */
public final class LengthPrefixed {
  private LengthPrefixed() {}

  /** Wire options, immutable; both ends must agree on them. The default is neither checksum nor marker. */
  public static final class Options {
    private static final Options DEFAULTS = new Options(false, false);

    private final boolean crc32;
    private final boolean endMarker;

    private Options(boolean crc32, boolean endMarker) {
      this.crc32 = crc32;
      this.endMarker = endMarker;
    }

    /** Plain {@code [length][payload]} records. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /** Adds a CRC32 of the payload after each record, checked by the decoder. */
    public Options withCrc32() {
      return new Options(true, endMarker);
    }

    /**
     * Ends the stream with an end marker (written when the encoder's upstream completes, not when it fails),
     * so the decoder fails if the stream ends without it — even between two records.
     */
    public Options withEndMarker() {
      return new Options(crc32, true);
    }

    public boolean crc32() {
      return crc32;
    }

    public boolean endMarker() {
      return endMarker;
    }

    @Override
    public String toString() {
      return "LengthPrefixed.Options{crc32=" + crc32 + ", endMarker=" + endMarker + "}";
    }
  }

  /** Frames each {@code ByteString} as one record, with default options. */
  public static Flow<ByteString, ByteString, NotUsed> encoder() {
    return encoder(Options.defaults());
  }

  /** Frames each {@code ByteString} as one record (an empty one is a valid, empty record). */
  public static Flow<ByteString, ByteString, NotUsed> encoder(Options options) {
    Objects.requireNonNull(options, "options");
    Flow<ByteString, ByteString, NotUsed> records =
        Flow.of(ByteString.class).map(payload -> frame(payload, options.crc32()));
    if (options.endMarker()) {
      records = records.concat(Source.single(int32(LengthFieldFramer.END_MARKER)));
    }
    return records.named("lengthPrefixedEncoder");
  }

  /** Reads records of at most {@code maxRecordBytes} payload bytes, with default options. */
  public static Flow<ByteString, ByteString, NotUsed> decoder(int maxRecordBytes) {
    return decoder(maxRecordBytes, Options.defaults());
  }

  /**
   * Reads records whatever the chunking of the incoming bytes, emitting each payload compacted (it does not
   * hold on to the chunk it came in). Fails with a {@link FramingException} on a declared length above
   * {@code maxRecordBytes} (checked before the payload is read), a negative length, a checksum mismatch, a
   * stream cut inside a record, and with the end marker enabled, a stream that ends without the marker or
   * goes on after it.
   */
  public static Flow<ByteString, ByteString, NotUsed> decoder(int maxRecordBytes, Options options) {
    return records(maxRecordBytes, options).map(record -> (ByteString) record.bytes().compact()).named("lengthPrefixedDecoder");
  }

  /** Writes each value as one record holding its JSON document (UTF-8), with default options. */
  public static <T> Flow<T, ByteString, NotUsed> encoder(ObjectMapper mapper, Class<T> type) {
    return encoder(mapper, type, Options.defaults());
  }

  /** Writes each value as one record holding its JSON document (UTF-8). */
  public static <T> Flow<T, ByteString, NotUsed> encoder(ObjectMapper mapper, Class<T> type, Options options) {
    JsonRecords<T> json = new JsonRecords<>(mapper, type, "record");
    return Flow.<T>create().map(value -> ByteString.fromArrayUnsafe(json.write(value))).via(encoder(options));
  }

  /** Reads one value of {@code type} per record, with default options. */
  public static <T> Flow<ByteString, T, NotUsed> decoder(ObjectMapper mapper, Class<T> type, int maxRecordBytes) {
    return decoder(mapper, type, maxRecordBytes, Options.defaults());
  }

  /**
   * Reads one value of {@code type} per record; besides the framing errors of {@link #decoder(int, Options)},
   * a record that is not a JSON document of {@code type} fails the stream with its record number.
   */
  public static <T> Flow<ByteString, T, NotUsed> decoder(
      ObjectMapper mapper, Class<T> type, int maxRecordBytes, Options options) {
    JsonRecords<T> json = new JsonRecords<>(mapper, type, "record");
    return records(maxRecordBytes, options).map(json::read).named("lengthPrefixedJsonDecoder");
  }

  private static Flow<ByteString, Framed, NotUsed> records(int maxRecordBytes, Options options) {
    if (maxRecordBytes < 0) {
      throw new IllegalArgumentException("maxRecordBytes must not be negative, was " + maxRecordBytes);
    }
    Objects.requireNonNull(options, "options");
    return Flow.of(ByteString.class).via(new FramingStage<>("lengthPrefixedFraming",
        () -> new LengthFieldFramer(maxRecordBytes, options.crc32(), options.endMarker())));
  }

  private static ByteString frame(ByteString payload, boolean crc32) {
    // Concatenation shares the payload instead of copying it; the channel writer re-chunks anyway.
    ByteString record = int32(payload.size()).concat(payload);
    return crc32 ? record.concat(int32(Crc32.of(payload))) : record;
  }

  private static ByteString int32(int value) {
    return new ByteStringBuilder().putInt(value, ByteOrder.BIG_ENDIAN).result();
  }
}
