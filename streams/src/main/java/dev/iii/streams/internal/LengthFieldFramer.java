package dev.iii.streams.internal;

import dev.iii.streams.FramingException;
import java.nio.ByteOrder;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Cuts records {@code [4-byte big-endian length][payload]}, optionally followed by a 4-byte big-endian
 * CRC32 of the payload, optionally closed by an end marker (a length of {@code -1}).
 *
 * <p>It reads one field at a time (header, payload, checksum) so it always knows which field of which record
 * a cut stream ended in, and how many bytes were missing.
 */
public final class LengthFieldFramer implements Framer<Framed> {
  /** The length value of the end marker; any other negative length is corrupt data. */
  public static final int END_MARKER = -1;
  static final int HEADER_BYTES = 4;
  static final int CHECKSUM_BYTES = 4;

  private enum Field { HEADER, PAYLOAD, CHECKSUM, AFTER_END_MARKER }

  private final int maxRecordBytes;
  private final boolean checksum;
  private final boolean endMarker;

  private Field field = Field.HEADER;
  /** Bytes of the current field gathered from earlier chunks (only when a field spans chunks). */
  private final ByteStringBuilder collected = new ByteStringBuilder();
  /** The unread part of the latest chunk. */
  private ByteString rest = ByteString.emptyByteString();
  private long recordNumber = 1;
  private int payloadLength;
  private ByteString payload = ByteString.emptyByteString();

  public LengthFieldFramer(int maxRecordBytes, boolean checksum, boolean endMarker) {
    this.maxRecordBytes = maxRecordBytes;
    this.checksum = checksum;
    this.endMarker = endMarker;
  }

  @Override
  public void append(ByteString chunk) {
    rest = chunk;
  }

  @Override
  public @Nullable Framed poll() {
    while (true) {
      switch (field) {
        case HEADER -> {
          ByteString header = takeField(HEADER_BYTES);
          if (header == null) {
            return null;
          }
          startRecord(header.iterator().getInt(ByteOrder.BIG_ENDIAN));
        }
        case PAYLOAD -> {
          ByteString bytes = takeField(payloadLength);
          if (bytes == null) {
            return null;
          }
          if (!checksum) {
            return completeRecord(bytes);
          }
          payload = bytes;
          field = Field.CHECKSUM;
        }
        case CHECKSUM -> {
          ByteString sum = takeField(CHECKSUM_BYTES);
          if (sum == null) {
            return null;
          }
          verifyChecksum(sum.iterator().getInt(ByteOrder.BIG_ENDIAN));
          ByteString bytes = payload;
          payload = ByteString.emptyByteString();
          return completeRecord(bytes);
        }
        case AFTER_END_MARKER -> {
          if (!rest.isEmpty()) {
            throw new FramingException(rest.size() + " byte(s) arrived after the end marker that followed record "
                + (recordNumber - 1) + "; the stream must end with the marker");
          }
          return null;
        }
      }
    }
  }

  private void startRecord(int length) {
    if (length == END_MARKER && endMarker) {
      field = Field.AFTER_END_MARKER;
      return;
    }
    if (length < 0) {
      throw new FramingException("record " + recordNumber + " has an invalid length header " + length
          + " (negative; the stream is not length-prefixed records, or is corrupt)");
    }
    if (length > maxRecordBytes) {
      throw new FramingException("record " + recordNumber + " declares " + length
          + " payload bytes, more than the maximum of " + maxRecordBytes);
    }
    payloadLength = length;
    field = Field.PAYLOAD;
  }

  private Framed completeRecord(ByteString bytes) {
    field = Field.HEADER;
    return new Framed(recordNumber++, bytes);
  }

  private void verifyChecksum(int expected) {
    int actual = Crc32.of(payload);
    if (actual != expected) {
      throw new FramingException(String.format(
          "record %d (%d payload bytes) fails its CRC32 check: stored %08x, computed %08x",
          recordNumber, payloadLength, expected, actual));
    }
  }

  /**
   * Returns the next {@code size} bytes once they have all arrived, or {@code null} after consuming the whole
   * chunk. A field lying inside one chunk is sliced without copying.
   */
  private @Nullable ByteString takeField(int size) {
    if (collected.length() == 0 && rest.size() >= size) {
      ByteString whole = rest.take(size);
      rest = rest.drop(size);
      return whole;
    }
    int needed = size - collected.length();
    int available = Math.min(needed, rest.size());
    collected.append(rest.take(available));
    rest = rest.drop(available);
    if (available < needed) {
      return null;
    }
    ByteString whole = collected.result();
    collected.clear();
    return whole;
  }

  @Override
  public void finish() {
    int got = collected.length();
    switch (field) {
      case HEADER -> {
        if (got > 0) {
          throw truncated(got + " of the " + HEADER_BYTES + " bytes of its length header arrived",
              HEADER_BYTES - got, "the header");
        }
        if (endMarker) {
          throw new FramingException("truncated stream: it ended after record " + (recordNumber - 1)
              + " without the end marker (did the writer stop mid-transfer?)");
        }
      }
      case PAYLOAD -> throw truncated(got + " of its " + payloadLength + " payload bytes arrived",
          payloadLength - got + (checksum ? CHECKSUM_BYTES : 0), checksum ? "the payload and checksum" : "the payload");
      case CHECKSUM -> throw truncated("its payload and " + got + " of the " + CHECKSUM_BYTES
          + " checksum bytes arrived", CHECKSUM_BYTES - got, "the checksum");
      case AFTER_END_MARKER -> { }
    }
  }

  private FramingException truncated(String progress, int missing, String what) {
    return new FramingException("truncated record: the stream ended inside record " + recordNumber + ": "
        + progress + "; " + missing + " byte(s) of " + what + " missing (did the writer stop mid-record?)");
  }
}
