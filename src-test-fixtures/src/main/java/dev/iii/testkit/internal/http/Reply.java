package dev.iii.testkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP answer of the trigger module, plus the mappings of ENGINE §6.5 (value mode), §6.6 (middleware
 * {@code respond}) and the fixed error bodies of §6.7.
 */
record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
  static final String JSON_TYPE = "application/json";
  /** Marks a response already written to the exchange (streaming mode). */
  static final Reply SENT = new Reply(-1, List.of(), new byte[0]);

  static Reply empty(int status) {
    return new Reply(status, List.of(), new byte[0]);
  }

  static Reply json(int status, JsonNode body) {
    return new Reply(status, List.of(Map.entry("content-type", JSON_TYPE)),
        Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  /** 500 {@code {"error":"<message>","error_id":"<hex>"}}. */
  static Reply error(String message, Instant now) {
    ObjectNode o = Json.object();
    o.put("error", message);
    o.put("error_id", errorId(now));
    return json(500, o);
  }

  /** Lower-case hex of (Unix time in ns AND 0xFFFFFFFFFFFF): only for correlating logs. */
  static String errorId(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return Long.toHexString(nanos & 0xFFFF_FFFF_FFFFL);
  }

  static Reply conditionNotMet() {
    ObjectNode o = Json.object();
    o.put("error", "Request condition not met");
    o.put("skipped", true);
    return json(422, o);
  }

  static Reply middlewareTimeout() {
    ObjectNode o = Json.object();
    o.put("error", "Middleware timeout");
    return json(504, o);
  }

  /** Value mode (ENGINE §6.5): the handler returned a non-null value. */
  static Reply fromValue(JsonNode value) {
    if (!value.isObject()) {
      return json(200, Json.object()); // a bare string/number/array/bool yields 200 {}
    }
    int status = 200;
    JsonNode sc = value.get("status_code");
    if (sc != null && sc.isIntegralNumber() && sc.canConvertToLong() && sc.longValue() >= 100
        && sc.longValue() <= 999) {
      status = (int) sc.longValue(); // only the snake_case key is read
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode h = value.get("headers");
    if (h != null && h.isArray()) {
      for (JsonNode line : h) {
        if (!line.isTextual()) {
          continue;
        }
        int colon = line.textValue().indexOf(':');
        if (colon < 0) {
          continue;
        }
        addIfValid(headers, line.textValue().substring(0, colon).trim(), line.textValue().substring(colon + 1).trim());
      }
    } else if (h != null && h.isObject()) {
      h.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          addIfValid(headers, e.getKey(), e.getValue().textValue());
        }
      });
    }
    boolean hasContentType = headers.stream().anyMatch(e -> e.getKey().equalsIgnoreCase("content-type"));
    JsonNode body = value.has("body") ? value.get("body") : Json.object();
    byte[] bytes;
    if (hasContentType) {
      if (body.isTextual()) {
        bytes = body.textValue().getBytes(StandardCharsets.UTF_8); // raw text, even for application/json
      } else if (body.isNull()) {
        bytes = new byte[0];
      } else {
        bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
      }
    } else {
      // No content-type: JSON text of the body (so a string is sent quoted) and application/json added.
      bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
      headers.add(Map.entry("content-type", JSON_TYPE));
    }
    return new Reply(status, headers, bytes);
  }

  /** Middleware {@code respond} (ENGINE §6.6): JSON body always; headers only if every value is a string. */
  static Reply fromMiddleware(JsonNode response) {
    int status = 200;
    JsonNode sc = response.get("status_code");
    if (sc != null && sc.isIntegralNumber() && sc.canConvertToInt() && sc.intValue() >= 100 && sc.intValue() <= 999) {
      status = sc.intValue();
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode h = response.get("headers");
    if (h != null && h.isObject()) {
      List<Map.Entry<String, String>> candidate = new ArrayList<>();
      boolean allStrings = true;
      for (var it = h.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          allStrings = false;
          break;
        }
        addIfValid(candidate, e.getKey(), e.getValue().textValue());
      }
      if (allStrings) {
        headers.addAll(candidate);
      }
    }
    JsonNode body = response.has("body") ? response.get("body") : Json.MAPPER.nullNode();
    headers.removeIf(e -> e.getKey().equalsIgnoreCase("content-type"));
    headers.add(Map.entry("content-type", JSON_TYPE));
    return new Reply(status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Skips header names/values HTTP does not allow, and the framing headers the server computes itself (a
   * function-supplied content-length or transfer-encoding would corrupt the exchange).
   */
  private static void addIfValid(List<Map.Entry<String, String>> out, String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(Reply::isTokenChar)) {
      return;
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      return;
    }
    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
      return;
    }
    out.add(Map.entry(name, value));
  }

  private static boolean isTokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
