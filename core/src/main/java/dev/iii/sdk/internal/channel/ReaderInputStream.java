package dev.iii.sdk.internal.channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.util.ByteString;

/** An {@code InputStream} over a reader's bytes: each read blocks until data, the end, or the channel's failure. */
final class ReaderInputStream extends InputStream {
  private final SinkQueueWithCancel<ByteString> queue;
  private ByteString current = ByteString.emptyByteString();
  private int pos;
  private boolean ended;

  ReaderInputStream(SinkQueueWithCancel<ByteString> queue) {
    this.queue = queue;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current.apply(pos++) & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.size() - pos);
    current.slice(pos, pos + n).copyToArray(b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return current.size() - pos;
  }

  /** True when there is at least one unread byte. */
  private boolean fill() throws IOException {
    while (pos >= current.size()) {
      if (ended) {
        return false;
      }
      Blocking.checkMayBlock("ChannelReader.inputStream().read");
      Optional<ByteString> next;
      try {
        next = Blocking.await(queue.pull());
      } catch (RuntimeException e) {
        ended = true;
        throw new IOException(e.getMessage(), e);
      }
      if (next.isEmpty()) {
        ended = true;
        return false;
      }
      current = next.get();
      pos = 0;
    }
    return true;
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      queue.cancel();
    }
  }
}
