package dev.iii.sdk.internal.wire;

import java.util.UUID;

/**
 * Parses invocation ids exactly as strictly (and as leniently) as the engine's uuid crate does: 36-char hyphenated
 * (8-4-4-4-12, hex of any case), 32 hex digits, the hyphenated form in braces, or {@code urn:uuid:} + hyphenated.
 * {@link UUID#fromString} is not used because it accepts shapes the engine rejects (e.g. {@code "1-2-3-4-5"}).
 */
final class WireUuids {
  private WireUuids() {}

  private static final String URN_PREFIX = "urn:uuid:";

  /** Returns the UUID, or {@code null} when {@code text} is not a form the engine accepts. */
  static UUID parseOrNull(String text) {
    int len = text.length();
    if (len == 32) {
      return parseHex(text, 0, false);
    }
    if (len == 36) {
      return parseHex(text, 0, true);
    }
    if (len == 38 && text.charAt(0) == '{' && text.charAt(37) == '}') {
      return parseHex(text, 1, true);
    }
    if (len == 45 && text.startsWith(URN_PREFIX)) {
      return parseHex(text, URN_PREFIX.length(), true);
    }
    return null;
  }

  /** Reads 32 hex digits from {@code start}, skipping the four hyphens at their fixed places when required. */
  private static UUID parseHex(String text, int start, boolean hyphenated) {
    long msb = 0;
    long lsb = 0;
    int digits = 0;
    int pos = start;
    while (digits < 32) {
      if (hyphenated && (digits == 8 || digits == 12 || digits == 16 || digits == 20)) {
        if (text.charAt(pos) != '-') {
          return null;
        }
        pos++;
      }
      int v = Character.digit(text.charAt(pos), 16);
      // Character.digit also accepts non-ASCII digits; the engine only takes ASCII hex.
      if (v < 0 || text.charAt(pos) > 'f') {
        return null;
      }
      if (digits < 16) {
        msb = (msb << 4) | v;
      } else {
        lsb = (lsb << 4) | v;
      }
      digits++;
      pos++;
    }
    return new UUID(msb, lsb);
  }
}
