package dev.iii.testkit.internal.channels;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One channel (ENGINE Appendix C "ChannelManager"): id, shared access key, the message queue and the two
 * take-once ends. It has no owning worker: channels from {@code engine::channels::create} outlive their creator.
 */
final class HubChannel {
  final String id;
  private final byte[] key;
  final int capacity;
  final Instant createdAt;
  final MessageBuffer buffer;
  private final AtomicBoolean writerTaken = new AtomicBoolean();
  private final AtomicBoolean readerTaken = new AtomicBoolean();

  HubChannel(String id, String accessKey, int capacity, Instant createdAt) {
    this.id = id;
    this.key = accessKey.getBytes(StandardCharsets.UTF_8);
    this.capacity = capacity;
    this.createdAt = createdAt;
    this.buffer = new MessageBuffer(capacity);
  }

  /** Constant-time comparison, so the key cannot be guessed byte by byte from response times. */
  boolean keyMatches(String candidate) {
    return MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes one end; false if it was taken before (the engine then closes the new socket at once). */
  boolean take(Direction dir) {
    return (dir == Direction.WRITE ? writerTaken : readerTaken).compareAndSet(false, true);
  }

  boolean isTaken(Direction dir) {
    return (dir == Direction.WRITE ? writerTaken : readerTaken).get();
  }

  /** The sweep's rule: at least one end never taken (ENGINE §9.3 "Cleanup"). */
  boolean hasUntakenEnd() {
    return !writerTaken.get() || !readerTaken.get();
  }

  /**
   * Dropping the record drops its untaken ends: an untaken reading end makes the writer's next push fail, an
   * untaken writing end is end-of-stream for a connected reader.
   */
  void dropUntakenEnds() {
    if (readerTaken.compareAndSet(false, true)) {
      buffer.dropReceiver();
    }
    if (writerTaken.compareAndSet(false, true)) {
      buffer.releaseSender();
    }
  }

  enum Direction {
    READ("read"),
    WRITE("write");

    final String wire;

    Direction(String wire) {
      this.wire = wire;
    }

    static Direction parse(String dir) {
      return switch (dir) {
        case "read" -> READ;
        case "write" -> WRITE;
        default -> throw new IllegalArgumentException(
            "dir: unknown variant `" + dir + "`, expected `read` or `write`");
      };
    }
  }
}
