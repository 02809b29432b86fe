package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Telemetry binary frames (ENGINE §11): a 4-byte ASCII prefix OTLP, LOGS or MTRC, then OTLP/JSON. */
public final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

  private Telemetry() {}

  public static boolean isTelemetry(byte[] bytes) {
    return prefix(bytes) != null;
  }

  private static String prefix(byte[] b) {
    if (b.length < 4) {
      return null;
    }
    String p = new String(b, 0, 4, StandardCharsets.US_ASCII);
    return p.equals("OTLP") || p.equals("LOGS") || p.equals("MTRC") ? p : null;
  }

  /** Parses and records a telemetry frame; invalid UTF-8 or JSON is logged and dropped, as on the engine. */
  public static void record(Recordings recordings, String path, byte[] bytes) {
    String kind = prefix(bytes);
    if (kind == null) {
      LOG.debug("binary frame on {} without a telemetry prefix dropped", path);
      return;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 4, bytes.length - 4))
          .toString();
      JsonNode body = Json.parse(text);
      recordings.telemetry(new Recordings.Telemetry(kind, path, body));
    } catch (CharacterCodingException e) {
      LOG.warn("{} telemetry frame on {} is not UTF-8: dropped", kind, path);
    } catch (java.io.IOException e) {
      LOG.warn("{} telemetry frame on {} is not JSON: dropped ({})", kind, path, e.getMessage());
    }
  }
}
