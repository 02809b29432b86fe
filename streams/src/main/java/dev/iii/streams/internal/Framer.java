package dev.iii.streams.internal;

import dev.iii.streams.FramingException;
import org.apache.pekko.util.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The per-materialization state of a framing format, driven by {@link FramingStage}. The stage only hands
 * over a new chunk after {@link #poll()} returned {@code null}, so a framer holds at most one chunk plus the
 * incomplete record it is assembling — never an unbounded backlog.
 */
public interface Framer<R> {

  /** Adds the next chunk of the stream. Called only after {@link #poll()} returned {@code null}. */
  void append(ByteString chunk);

  /**
   * Returns the next complete record, or {@code null} when every buffered byte has been consumed and more
   * input is needed.
   *
   * @throws FramingException if the buffered bytes can never form a valid record
   */
  @Nullable R poll();

  /**
   * The stream ended and {@link #poll()} returned {@code null}.
   *
   * @throws FramingException if an incomplete record is left over (the stream was cut)
   */
  void finish();
}
