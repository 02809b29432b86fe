package dev.iii.streams.internal;

import dev.iii.streams.FramingException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Cuts {@code \n}-terminated lines (the terminator is dropped). Every line must end with {@code \n}: bytes
 * left without one when the stream ends are a truncated record, because a writer that died mid-line ends
 * the channel exactly like a writer that finished.
 *
 * <p>Each input byte is scanned once: the unscanned rest of the current chunk is kept apart from the
 * already-scanned start of the current line, so tiny chunks do not make the search quadratic.
 */
public final class LineFramer implements Framer<Framed> {
  private static final byte NEWLINE = '\n';

  private final int maxLineBytes;
  /** Bytes of the current line from earlier chunks; known to contain no newline. */
  private final ByteStringBuilder partial = new ByteStringBuilder();
  /** The part of the latest chunk not yet scanned. */
  private ByteString rest = ByteString.emptyByteString();
  private long lineNumber = 1;

  public LineFramer(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void append(ByteString chunk) {
    rest = chunk;
  }

  @Override
  public @Nullable Framed poll() {
    int newline = rest.indexOf(NEWLINE, 0);
    long length = (long) partial.length() + (newline < 0 ? rest.size() : newline);
    if (length > maxLineBytes) {
      // Fail as soon as the limit is passed, not when the newline finally comes: this bounds the buffer.
      throw new FramingException("line " + lineNumber + " is longer than the maximum of " + maxLineBytes
          + " bytes" + (newline < 0 ? " (" + length + " bytes so far without a newline)" : " (" + length + " bytes)"));
    }
    if (newline < 0) {
      partial.append(rest);
      rest = ByteString.emptyByteString();
      return null;
    }
    ByteString line;
    if (partial.length() == 0) {
      line = rest.take(newline); // the common case: the whole line is in one chunk, no copy
    } else {
      line = partial.append(rest.take(newline)).result();
      partial.clear();
    }
    rest = rest.drop(newline + 1);
    return new Framed(lineNumber++, line);
  }

  @Override
  public void finish() {
    if (partial.length() > 0) {
      throw new FramingException("truncated record: the stream ended inside line " + lineNumber + " after "
          + partial.length() + " byte(s) without the terminating '\\n' (did the writer stop mid-record?)");
    }
  }
}
