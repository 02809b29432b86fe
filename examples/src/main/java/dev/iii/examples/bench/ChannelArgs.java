package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The positional arguments of the Java channel reader processes (the Node reader takes the same values as named
 * options): {@code <url> <function-id> <warmup-bytes> <bytes> <chunk-bytes> <buffer-frames>}. The reader creates the channel
 * and calls {@code function-id} (served by the writer process) with the writer ref; see {@link ChannelBench}.
 */
record ChannelArgs(String url, String functionId, long warmupBytes, long bytes, int chunkBytes, int bufferFrames) {

  /** The function every writer process registers: {@code {"output": <writer ref>, "bytes", "chunk_bytes"}}. */
  static final String WRITE_FUNCTION = "bench::channel-write";

  static ChannelArgs parse(String[] args) {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "channel reader needs: <url> <function-id> <warmup-bytes> <bytes> <chunk-bytes> <buffer-frames>");
    }
    return new ChannelArgs(args[0], args[1], parseSize(args[2], "warmup-bytes", true),
        parseSize(args[3], "bytes", false), CallerArgs.positive(args[4], "chunk-bytes"),
        CallerArgs.positive(args[5], "buffer-frames"));
  }

  String[] toArgs() {
    return new String[] {url, functionId, Long.toString(warmupBytes), Long.toString(bytes),
        Integer.toString(chunkBytes), Integer.toString(bufferFrames)};
  }

  /** The writer function's input, apart from the writer ref each transport adds its own way. */
  ObjectNode writeRequest(long total) {
    return RawWorker.JSON.createObjectNode().put("bytes", total).put("chunk_bytes", chunkBytes);
  }

  /**
   * A byte count: plain digits, or with a binary suffix {@code k}, {@code m}, {@code g} (KiB, MiB, GiB), so
   * {@code 64m} is 67,108,864 bytes.
   */
  static long parseSize(String text, String name, boolean zeroAllowed) {
    String value = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    long unit = 1;
    if (!value.isEmpty()) {
      switch (value.charAt(value.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        default -> { }
      }
    }
    String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
    long count;
    try {
      count = Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be a byte count like 268435456, 256m or 1g, got '"
          + text + "'");
    }
    if (count < 0 || (count == 0 && !zeroAllowed)) {
      throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", got '" + text + "'");
    }
    return count;
  }
}
