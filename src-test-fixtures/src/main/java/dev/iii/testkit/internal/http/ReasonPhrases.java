package dev.iii.testkit.internal.http;

import java.util.Map;

/** Canonical reason phrases for {@code HTTP <code> <reason>} (java.net.http does not expose the server's). */
final class ReasonPhrases {
  private ReasonPhrases() {}

  private static final Map<Integer, String> PHRASES = Map.ofEntries(
      Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
      Map.entry(303, "See Other"), Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
      Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
      Map.entry(412, "Precondition Failed"), Map.entry(413, "Payload Too Large"), Map.entry(414, "URI Too Long"),
      Map.entry(415, "Unsupported Media Type"), Map.entry(418, "I'm a teapot"),
      Map.entry(422, "Unprocessable Entity"), Map.entry(429, "Too Many Requests"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  /** The phrase, or "" for a code without one. */
  static String of(int status) {
    return PHRASES.getOrDefault(status, "");
  }
}
