package dev.iii.sdk;

import java.io.OutputStream;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * The write end of a channel. It connects lazily, on first use, and can be used once: either as a Pekko Streams
 * {@link #sink()}, or through the plain methods ({@link #write}, {@link #outputStream()}, {@link #close()}).
 * {@link #sendMessage} works in both modes. Bytes go out as binary frames of at most 64 KiB; small writes are
 * coalesced while the socket is busy. A full channel slows the writer down (backpressure), it never buffers
 * without bound.
 *
 * <p>A writer can be put into a payload (its ref is written), so another function can write to a channel this
 * worker reads.
 */
public interface ChannelWriter extends AutoCloseable {
  /** The ref of this end (put it in a payload to let another function write instead). */
  ChannelRef ref();

  /**
   * The data stream as a sink. Its materialized stage completes once the engine confirmed the close (every byte
   * delivered to it), and fails with {@link ChannelClosedException} if the socket is lost or refused, or with the
   * upstream's error if the upstream fails. Materialize it once; a second materialization fails with
   * {@link IllegalStateException}.
   */
  Sink<ByteString, CompletionStage<Done>> sink();

  /**
   * Sends one text message (out-of-band, e.g. JSON), ordered after the bytes accepted so far. Blocks while the
   * writer's small text queue is full. Fails if the writer has finished. As a first use it opens the writer; once
   * {@link #sink()} was called, texts wait for that sink's stream to start.
   */
  void sendMessage(String text);

  /** {@link #sendMessage} without blocking: completes when the message is queued. */
  CompletionStage<Done> sendMessageAsync(String text);

  /** Writes bytes (copied); blocks while the channel is full. Not allowed once {@link #sink()} is in use. */
  void write(byte[] bytes);

  /** An {@code OutputStream} over this writer; {@code close()} finishes the channel like {@link #close()}. */
  OutputStream outputStream();

  /**
   * Finishes the channel and waits until the engine confirmed it (in sink mode: waits for the sink's stream to
   * finish). Opening-and-closing an unused writer sends an empty stream. Throws {@link ChannelClosedException} if
   * the channel failed.
   */
  @Override
  void close();

  /** {@link #close()} without blocking. */
  CompletionStage<Done> closeAsync();
}
