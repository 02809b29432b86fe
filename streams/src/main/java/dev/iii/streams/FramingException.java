package dev.iii.streams;

/**
 * A byte stream did not hold the records a framing stage ({@link JsonLines}, {@link LengthPrefixed}) expects:
 * it ended in the middle of a record, a record was larger than allowed, a record did not parse, or a checksum
 * did not match.
 *
 * <p>The channel protocol has no end marker, so a writer that dies looks to the reader like a normal end of
 * stream. A {@code FramingException} saying a record was truncated is therefore usually how a reader learns
 * that its writer died mid-transfer; the message names the record and how many bytes were missing.
 */
public class FramingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FramingException(String message) {
    super(message);
  }

  public FramingException(String message, Throwable cause) {
    super(message, cause);
  }
}
