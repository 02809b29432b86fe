package dev.iii.testkit.internal.proxy;

/**
 * What a reader hands to the writer of the same direction: bytes stamped with their arrival time (so that a
 * delay is measured from arrival, not from when the writer got to them), or one of the two end markers.
 */
final class Chunk {
  /** The source sent FIN: forward it as a half-close. */
  static final Chunk END_OF_STREAM = new Chunk(new byte[0], 0);
  /** Reading the source failed (e.g. it was reset): abort the whole connection. */
  static final Chunk FAILED = new Chunk(new byte[0], 0);

  final byte[] bytes;
  final long arrivalNanos;

  Chunk(byte[] bytes, long arrivalNanos) {
    this.bytes = bytes;
    this.arrivalNanos = arrivalNanos;
  }

  boolean isEnd() {
    return this == END_OF_STREAM || this == FAILED;
  }
}
