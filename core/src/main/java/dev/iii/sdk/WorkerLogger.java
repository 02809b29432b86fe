package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The worker's structured logger (the seed's {@code Logger}, PROTOCOL §9.4), named so it does not clash with SLF4J's.
 *
 * <p>With telemetry on, each call emits an OpenTelemetry log record that reaches the engine as a {@code LOGS} frame:
 * body = {@code message}, severity debug 5 / info 9 / warn 13 / error 17, the current span's trace and span ids, and
 * {@code data} as the attribute {@code log.data} (maps and beans become key/value lists, collections and arrays become
 * arrays). With telemetry off, it writes to SLF4J under the logger's name instead, with {@code data} appended as JSON.
 *
 * <p>Thread-safe; never throws for a {@code data} value it cannot convert (that value is logged as its
 * {@code toString()}).
 */
public interface WorkerLogger {
  void debug(String message, @Nullable Object data);

  void info(String message, @Nullable Object data);

  void warn(String message, @Nullable Object data);

  void error(String message, @Nullable Object data);

  default void debug(String message) {
    debug(message, null);
  }

  default void info(String message) {
    info(message, null);
  }

  default void warn(String message) {
    warn(message, null);
  }

  default void error(String message) {
    error(message, null);
  }
}
