package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A channel end's own socket ended abnormally: the engine went away, the network failed, the engine refused the
 * connection (unknown channel or wrong key), or the engine closed the end before it was finished (an end that
 * was already taken, or a reader that went away). Never carries the channel's access key.
 */
public class ChannelClosedException extends IIIException {
  private static final long serialVersionUID = 1L;

  public ChannelClosedException(String message) {
    super(message);
  }

  public ChannelClosedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
