package dev.iii.sdk.internal.telemetry;

import dev.iii.sdk.WorkerLogger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The {@link WorkerLogger} used when telemetry is off: SLF4J under the logger's name (as the seed falls back to
 * Python's {@code logging}). {@code data} is appended to the message as JSON, so default layouts show it, and is also
 * attached as the key/value pair {@code log.data} for structured appenders.
 */
final class Slf4jWorkerLogger implements WorkerLogger {
  private final Logger logger;

  Slf4jWorkerLogger(String name) {
    this.logger = LoggerFactory.getLogger(name);
  }

  @Override
  public void debug(String message, @Nullable Object data) {
    log(Level.DEBUG, message, data);
  }

  @Override
  public void info(String message, @Nullable Object data) {
    log(Level.INFO, message, data);
  }

  @Override
  public void warn(String message, @Nullable Object data) {
    log(Level.WARN, message, data);
  }

  @Override
  public void error(String message, @Nullable Object data) {
    log(Level.ERROR, message, data);
  }

  private void log(Level level, String message, @Nullable Object data) {
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    var event = logger.atLevel(level);
    if (data == null) {
      event.log(message);
    } else {
      event.addKeyValue(OtelWorkerLogger.DATA_ATTRIBUTE, data).log(message + " " + LogValues.toJson(data));
    }
  }
}
