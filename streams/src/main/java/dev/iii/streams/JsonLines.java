package dev.iii.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iii.streams.internal.JsonRecords;
import dev.iii.streams.internal.LineFramer;
import dev.iii.streams.internal.FramingStage;
import java.util.Arrays;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * JSON Lines framing for channels: one compact JSON document per line, UTF-8, every line terminated by
 * {@code \n} — the last one too.
 *
 * <pre>{@code
 * records.via(JsonLines.encoder(mapper, Order.class)).runWith(writer.sink(), system);
 * reader.source().via(JsonLines.decoder(mapper, Order.class, 1 << 20)).runForeach(this::handle, system);
 * }</pre>
 *
 * <p>Because the last line must end with {@code \n}, a reader detects a writer that died in the middle of a
 * line (the stream fails with a {@link FramingException} "truncated record"). A writer that died exactly
 * between two lines cannot be told apart from one that finished: if that matters, use {@link LengthPrefixed}
 * with an end marker, or end the stream with a record of your own that says so.
 */
public final class JsonLines {
  private static final byte NEWLINE = '\n';

  private JsonLines() {}

  /**
   * Writes each value as one line. The mapper's indentation setting is ignored (a document must fit on one
   * line); a value that cannot be serialized fails the stream with a {@link FramingException}.
   */
  public static <T> Flow<T, ByteString, NotUsed> encoder(ObjectMapper mapper, Class<T> type) {
    JsonRecords<T> json = new JsonRecords<>(mapper, type, "line");
    return Flow.<T>create().map(value -> line(json.write(value), type)).named("jsonLinesEncoder");
  }

  /**
   * Reads one value per line, whatever the chunking of the incoming bytes. The stream fails with a
   * {@link FramingException} when a line is longer than {@code maxLineBytes} (the terminator not counted;
   * detected as soon as the limit is passed, so memory stays bounded), when a line is not a JSON document of
   * {@code type} (the message gives the line number), and when the stream ends with an unterminated line.
   * A {@code \r} before the {@code \n} is accepted as JSON whitespace.
   */
  public static <T> Flow<ByteString, T, NotUsed> decoder(ObjectMapper mapper, Class<T> type, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1, was " + maxLineBytes);
    }
    JsonRecords<T> json = new JsonRecords<>(mapper, type, "line");
    return Flow.of(ByteString.class)
        .via(new FramingStage<>("jsonLinesFraming", () -> new LineFramer(maxLineBytes)))
        .map(json::read)
        .named("jsonLinesDecoder");
  }

  private static ByteString line(byte[] json, Class<?> type) {
    // Jackson escapes newlines inside strings; only a custom serializer writing raw text could emit one,
    // and it would silently split the record in two for the reader.
    for (byte b : json) {
      if (b == NEWLINE) {
        throw new FramingException("the JSON of a " + type.getName()
            + " contains a raw newline (a custom serializer writing raw text?); it cannot be one JSON line");
      }
    }
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = NEWLINE;
    return ByteString.fromArrayUnsafe(line);
  }
}
