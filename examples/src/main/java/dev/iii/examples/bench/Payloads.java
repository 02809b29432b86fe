package dev.iii.examples.bench;

/** Fixed benchmark payloads: the same bytes for every client kind and every call. */
final class Payloads {

  private static final String PREFIX = "{\"data\":\"";
  private static final String SUFFIX = "\"}";

  private Payloads() {
  }

  /** A JSON object of exactly {@code bytes} UTF-8 bytes, {@code {"data":"xxxx…"}}: the Node caller's bytes too. */
  static String objectOfSize(int bytes) {
    int padding = bytes - PREFIX.length() - SUFFIX.length();
    if (padding < 0) {
      throw new IllegalArgumentException("payload must be at least " + (PREFIX.length() + SUFFIX.length())
          + " bytes, got " + bytes);
    }
    return PREFIX + "x".repeat(padding) + SUFFIX;
  }
}
