package dev.iii.streams.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iii.streams.FramingException;
import java.io.IOException;
import java.util.Objects;

/**
 * Turns typed values into JSON documents and back, one record at a time, with errors that name the record
 * ("line 7", "record 7") instead of Jackson's position inside a single record.
 */
public final class JsonRecords<T> {
  private final Class<T> type;
  private final String unit;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  /**
   * @param unit what a record is called in error messages: {@code "line"} or {@code "record"}
   */
  public JsonRecords(ObjectMapper mapper, Class<T> type, String unit) {
    Objects.requireNonNull(mapper, "mapper");
    this.type = Objects.requireNonNull(type, "type");
    this.unit = unit;
    // Compact output on the wire whatever the mapper's settings; JSON Lines depends on it.
    this.writer = mapper.writerFor(type).without(SerializationFeature.INDENT_OUTPUT);
    // One record is one JSON value: "{..} {..}" on one line is corruption, not two values.
    this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The JSON document of {@code value}, UTF-8. */
  public byte[] write(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new FramingException("could not write a " + type.getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses one framed record. JSON {@code null} is refused: a stream cannot carry it. */
  public T read(Framed record) {
    if (record.bytes().isEmpty()) {
      throw new FramingException(unit + " " + record.number() + " is empty, not a JSON document of "
          + type.getName());
    }
    T value;
    try {
      value = reader.readValue(record.bytes().toArrayUnsafe());
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String at = where != null && where.getByteOffset() >= 0 ? " (at byte " + where.getByteOffset() + ")" : "";
      throw new FramingException(unit + " " + record.number() + " is not valid JSON for " + type.getName()
          + ": " + e.getOriginalMessage() + at, e);
    } catch (IOException e) {
      throw new FramingException("could not read " + unit + " " + record.number() + ": " + e.getMessage(), e);
    }
    if (value == null) {
      throw new FramingException(unit + " " + record.number() + " is JSON null, which a stream cannot carry");
    }
    return value;
  }
}
