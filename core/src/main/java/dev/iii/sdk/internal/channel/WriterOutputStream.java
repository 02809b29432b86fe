package dev.iii.sdk.internal.channel;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * An {@code OutputStream} over a writer. Small writes are gathered locally up to one frame (64 KiB) so a
 * byte-at-a-time caller does not pay a queue offer per byte; each full frame is offered and the call blocks while
 * the channel is full.
 */
final class WriterOutputStream extends OutputStream {
  private final WriterEnd writer;
  private ByteStringBuilder pending = new ByteStringBuilder();
  private boolean closed;

  WriterOutputStream(WriterEnd writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    pending.putByte((byte) b);
    if (pending.length() >= OutboundFrames.MAX_FRAME) {
      flushPending();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (pending.length() + len < OutboundFrames.MAX_FRAME) {
      pending.putBytes(b, off, len);
      return;
    }
    flushPending();
    send(ByteString.fromArray(b, off, len));
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    flushPending();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    flushPending();
    closed = true;
    try {
      writer.close();
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void flushPending() throws IOException {
    if (pending.length() > 0) {
      ByteString bytes = pending.result();
      pending = new ByteStringBuilder();
      send(bytes);
    }
  }

  private void send(ByteString bytes) throws IOException {
    Blocking.checkMayBlock("ChannelWriter.outputStream().write");
    try {
      Blocking.await(writer.writeAsync(bytes));
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }
}
