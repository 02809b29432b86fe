package dev.iii.testkit.internal;

import java.util.Locale;
import java.util.UUID;

/**
 * Parses UUIDs in every textual form the engine's uuid crate accepts: hyphenated, 32 hex digits, braced and
 * {@code urn:uuid:}, in any case. The engine echoes ids lower-case and hyphenated, which is what
 * {@link UUID#toString()} gives.
 */
public final class Uuids {
  private Uuids() {}

  /** Returns the parsed UUID, or throws {@link IllegalArgumentException} with a reason. */
  public static UUID parse(String text) {
    String s = text;
    if (s.length() == 45 && s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
      s = s.substring(9);
    } else if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
      s = s.substring(1, 37);
    }
    String hex;
    if (s.length() == 36) {
      if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
        throw new IllegalArgumentException("invalid group layout in " + text);
      }
      hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
    } else if (s.length() == 32) {
      hex = s;
    } else {
      throw new IllegalArgumentException("invalid length: expected length 32 for simple format, found " + s.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new IllegalArgumentException("invalid character: found `" + hex.charAt(i) + "`");
      }
    }
    hex = hex.toLowerCase(Locale.ROOT);
    long msb = Long.parseUnsignedLong(hex.substring(0, 16), 16);
    long lsb = Long.parseUnsignedLong(hex.substring(16), 16);
    return new UUID(msb, lsb);
  }
}
