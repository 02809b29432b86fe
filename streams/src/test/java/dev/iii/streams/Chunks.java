package dev.iii.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;

/** Re-chunks a byte stream, to show that decoders do not depend on where the chunk boundaries fall. */
final class Chunks {
  static final int FRAME = 64 * 1024;

  private Chunks() {}

  /** Chunks of exactly {@code size} bytes (the last may be shorter). */
  static List<ByteString> fixed(ByteString all, int size) {
    List<ByteString> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      chunks.add(all.slice(from, Math.min(all.size(), from + size)));
    }
    return chunks;
  }

  /** Chunks of random sizes between 1 and {@code maxSize} bytes, from a fixed seed. */
  static List<ByteString> random(ByteString all, long seed, int maxSize) {
    Random random = new Random(seed);
    List<ByteString> chunks = new ArrayList<>();
    int from = 0;
    while (from < all.size()) {
      int to = Math.min(all.size(), from + 1 + random.nextInt(maxSize));
      chunks.add(all.slice(from, to));
      from = to;
    }
    return chunks;
  }

  /** Splits by the named strategy: {@code "1"}, {@code "64KiB"}, {@code "random-<max>-<seed>"}. */
  static List<ByteString> by(String strategy, ByteString all) {
    if (strategy.equals("1")) {
      return fixed(all, 1);
    }
    if (strategy.equals("64KiB")) {
      return fixed(all, FRAME);
    }
    String[] parts = strategy.split("-");
    return random(all, Long.parseLong(parts[2]), Integer.parseInt(parts[1]));
  }

  static ByteString concat(List<ByteString> chunks) {
    ByteString all = ByteString.emptyByteString();
    for (ByteString chunk : chunks) {
      all = all.concat(chunk);
    }
    return all.compact();
  }
}
