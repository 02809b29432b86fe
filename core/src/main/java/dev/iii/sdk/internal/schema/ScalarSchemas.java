package dev.iii.sdk.internal.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Schemas of leaf types: values Jackson writes as a single JSON scalar. Date/time types assume ISO-8601 strings
 * (a payload mapper with {@code WRITE_DATES_AS_TIMESTAMPS} disabled), which is what makes them portable to other
 * languages' workers.
 */
final class ScalarSchemas {
  private ScalarSchemas() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Map<Class<?>, ObjectNode> LEAVES = new HashMap<>();

  private static void put(ObjectNode schema, Class<?>... types) {
    for (Class<?> t : types) {
      LEAVES.put(t, schema);
    }
  }

  private static ObjectNode type(String type) {
    return F.objectNode().put("type", type);
  }

  private static ObjectNode string(String format) {
    return type("string").put("format", format);
  }

  static {
    put(type("string"), String.class, CharSequence.class, char[].class, Locale.class, Currency.class,
        Pattern.class, File.class, Path.class, Class.class, Charset.class, ZoneId.class, YearMonth.class,
        MonthDay.class);
    put(type("string").put("minLength", 1).put("maxLength", 1), char.class, Character.class);
    put(type("boolean"), boolean.class, Boolean.class, AtomicBoolean.class);
    put(type("integer"), byte.class, Byte.class, short.class, Short.class, int.class, Integer.class, long.class,
        Long.class, BigInteger.class, AtomicInteger.class, AtomicLong.class, OptionalInt.class, OptionalLong.class,
        Year.class);
    put(type("number"), float.class, Float.class, double.class, Double.class, BigDecimal.class, Number.class,
        OptionalDouble.class);
    put(string("uuid"), UUID.class);
    put(string("date-time"), Instant.class, OffsetDateTime.class, ZonedDateTime.class, Date.class);
    // LocalDateTime has no offset, which "date-time" (RFC 3339) requires: a plain string is the honest schema.
    put(type("string"), LocalDateTime.class);
    put(string("date"), LocalDate.class);
    put(string("time"), LocalTime.class, OffsetTime.class);
    put(string("duration"), Duration.class, Period.class);
    put(string("uri"), URI.class, URL.class);
    // Jackson writes byte[] as a base64 string.
    put(type("string").put("contentEncoding", "base64"), byte[].class);
    put(type("null"), void.class, Void.class);
  }

  /** A fresh copy of the leaf schema of {@code raw}, or null when it is not a leaf type. */
  static ObjectNode forClass(Class<?> raw) {
    ObjectNode schema = LEAVES.get(raw);
    return schema == null ? null : schema.deepCopy();
  }
}
