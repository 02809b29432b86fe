package dev.iii.streams.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.apache.pekko.util.ByteString;

/** CRC32 (the zip/PNG polynomial, as {@link CRC32}) of a {@link ByteString}, without copying it. */
public final class Crc32 {
  private Crc32() {}

  public static int of(ByteString bytes) {
    CRC32 crc = new CRC32();
    for (ByteBuffer buffer : bytes.getByteBuffers()) {
      crc.update(buffer);
    }
    return (int) crc.getValue();
  }
}
