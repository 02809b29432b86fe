package dev.iii.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Test data for channel transfers: a deterministic byte stream (seeded chunks of varying size) with text marks
 * interleaved after some chunks, written through a {@link ChannelWriter}; and a reader that hashes the bytes and
 * records each text with the number of bytes that preceded it, so order can be compared exactly.
 */
final class ChannelTransfers {
  private ChannelTransfers() {}

  /** What went through (or came out of) a channel: the SHA-256 of the bytes, their count, texts with offsets. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Summary(String sha256, long bytes, List<String> texts) {}

  /** Writes {@code total} seeded bytes with a text mark after every 5th chunk, then closes (waits for the engine). */
  static Summary write(ChannelWriter writer, long seed, int total) {
    MessageDigest sha = sha256();
    List<String> texts = new ArrayList<>();
    Random random = new Random(seed);
    long written = 0;
    int chunkNo = 0;
    while (written < total) {
      int size = (int) Math.min(total - written, 1 + random.nextInt(96 * 1024));
      byte[] chunk = new byte[size];
      random.nextBytes(chunk);
      writer.write(chunk);
      sha.update(chunk);
      written += size;
      if (++chunkNo % 5 == 0) {
        String text = "{\"mark\":" + chunkNo + "}";
        writer.sendMessage(text);
        texts.add(text + "@" + written);
      }
    }
    writer.close();
    return new Summary(HexFormat.of().formatHex(sha.digest()), written, texts);
  }

  /** Reads everything as messages, in order; the stage completes when the writer finished. */
  static CompletionStage<Summary> read(ChannelReader reader, Materializer mat) {
    return reader.messages()
        .runWith(Sink.fold(new Acc(), Acc::add), mat)
        .thenApply(Acc::summary);
  }

  static Summary readBlocking(ChannelReader reader, Materializer mat, Duration timeout) {
    try {
      return read(reader, mat).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("reading the channel failed: " + e, e);
    }
  }

  private static final class Acc {
    final MessageDigest sha = sha256();
    final List<String> texts = new ArrayList<>();
    long bytes;

    Acc add(ChannelMessage m) {
      if (m instanceof ChannelMessage.Binary b) {
        ByteString data = b.data();
        for (java.nio.ByteBuffer buf : data.getByteBuffers()) {
          sha.update(buf);
        }
        bytes += data.size();
      } else if (m instanceof ChannelMessage.Text t) {
        texts.add(t.text() + "@" + bytes);
      }
      return this;
    }

    Summary summary() {
      return new Summary(HexFormat.of().formatHex(sha.digest()), bytes, texts);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
