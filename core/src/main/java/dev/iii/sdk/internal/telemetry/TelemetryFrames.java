package dev.iii.sdk.internal.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The binary telemetry frame of PROTOCOL §9.1: a 4-byte ASCII prefix, then UTF-8 OTLP/JSON, nothing between. */
final class TelemetryFrames {
  static final String TRACES = "OTLP";
  static final String LOGS = "LOGS";
  static final String METRICS = "MTRC";

  private TelemetryFrames() {}

  static byte[] frame(String prefix, ObjectNode document) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] json = OtlpJson.toBytes(document);
    byte[] out = new byte[p.length + json.length];
    System.arraycopy(p, 0, out, 0, p.length);
    System.arraycopy(json, 0, out, p.length, json.length);
    return out;
  }
}
