package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.ChannelRef;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Builds the exceptions of channel ends. Messages name the channel id and the end, never the key; a cause whose
 * text contains the key (Pekko's upgrade errors quote the request URI) is replaced by a scrubbed description.
 */
final class ChannelFailures {
  private ChannelFailures() {}

  static ChannelClosedException closed(ChannelRef ref, ChannelRef.Direction end, String what, @Nullable Throwable cause) {
    String prefix = "channel " + ref.channelId() + " (" + end.wire() + " end): " + what;
    if (cause == null) {
      return new ChannelClosedException(prefix);
    }
    Throwable root = unwrap(cause);
    if (mentions(root, ref.accessKey())) {
      return new ChannelClosedException(prefix + ": " + scrub(root.toString(), ref.accessKey()));
    }
    return new ChannelClosedException(prefix + ": " + root, root);
  }

  static IllegalStateException alreadyOpened(ChannelRef ref, ChannelRef.Direction end) {
    String name = end == ChannelRef.Direction.READ ? "reader" : "writer";
    return new IllegalStateException(
        "channel " + ref.channelId() + " " + name + " was already opened; each end can be opened once");
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean mentions(Throwable t, String key) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (String.valueOf(c.getMessage()).contains(key) || c.toString().contains(key)) {
        return true;
      }
    }
    return false;
  }

  static String scrub(String text, String key) {
    return text.replace(key, "***").replace(java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8), "***");
  }
}
