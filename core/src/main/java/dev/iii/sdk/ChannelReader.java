package dev.iii.sdk;

import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The read end of a channel. It connects lazily, when a stream of it is materialized, and can be read once:
 * {@link #messages()}, {@link #source()}, {@link #readAll(long)} and {@link #inputStream()} are views of the one
 * socket, and only one of them can be used. The stream completes when the writer has finished and everything
 * was read; it fails with {@link ChannelClosedException} if this end's socket is cut or refused.
 *
 * <p>A reader can be put into a payload (its ref is written), so another function can read a channel this worker
 * writes.
 */
public interface ChannelReader {
  /** The ref of this end (put it in a payload to let another function read instead). */
  ChannelRef ref();

  /** Everything in order: binary data (large messages flattened into several pieces) and text messages. */
  Source<ChannelMessage, NotUsed> messages();

  /** The data stream only; text messages go to the {@link #onText} callbacks. */
  Source<ByteString, NotUsed> source();

  /**
   * Registers a callback for text messages seen by {@link #source()}, {@link #readAll} and {@link #inputStream()}.
   * Must be called before reading starts. Callbacks run on a stream thread: keep them short.
   */
  ChannelReader onText(Consumer<String> callback);

  /** All the data, failing with {@link IllegalStateException} if there are more than {@code maxBytes}. */
  CompletionStage<ByteString> readAll(long maxBytes);

  /** An {@code InputStream} over the data (blocking reads). */
  InputStream inputStream();
}
