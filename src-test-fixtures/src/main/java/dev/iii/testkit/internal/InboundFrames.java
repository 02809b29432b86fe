package dev.iii.testkit.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * Turns a possibly streamed WebSocket message into one strict frame, enforcing the engine's 64 MiB message
 * limit: a bigger message fails the stage, which fails the connection's stream, so the socket is dropped as the
 * real engine (tungstenite) drops it.
 */
final class InboundFrames {
  static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  /** A strict frame: exactly one of text or bytes is set. */
  record Frame(String text, byte[] bytes) {
    boolean isText() {
      return text != null;
    }
  }

  /** The connection is dropped because a message exceeded the limit. */
  static final class MessageTooLargeException extends RuntimeException {
    MessageTooLargeException(long size) {
      super("message larger than " + MAX_MESSAGE_BYTES + " bytes (at least " + size + ")", null, false, false);
    }
  }

  private InboundFrames() {}

  static CompletionStage<Frame> collect(Message m, Materializer mat) {
    if (m.isText()) {
      TextMessage t = m.asTextMessage();
      if (t.isStrict()) {
        return checked(new Frame(t.getStrictText(), null));
      }
      return t.getStreamedText()
          .runFold(new StringBuilder(), (sb, s) -> {
            // chars are a lower bound of UTF-8 bytes; close enough for a limit that exists to stop runaway peers
            if (sb.length() + (long) s.length() > MAX_MESSAGE_BYTES) {
              throw new MessageTooLargeException(sb.length() + (long) s.length());
            }
            return sb.append(s);
          }, mat)
          // runFold's stage is Scala's CF: a plain thenApply would start a new thread (see EngineServer)
          .thenApplyAsync(sb -> new Frame(sb.toString(), null), mat.executionContext());
    }
    BinaryMessage b = m.asBinaryMessage();
    if (b.isStrict()) {
      return checked(new Frame(null, b.getStrictData().toArrayUnsafe()));
    }
    return b.getStreamedData()
        .runFold(ByteString.emptyByteString(), (acc, chunk) -> {
          if (acc.size() + (long) chunk.size() > MAX_MESSAGE_BYTES) {
            throw new MessageTooLargeException(acc.size() + (long) chunk.size());
          }
          return acc.concat(chunk);
        }, mat)
        .thenApplyAsync(all -> new Frame(null, all.toArrayUnsafe()), mat.executionContext());
  }

  private static CompletionStage<Frame> checked(Frame f) {
    long size = f.isText() ? f.text().length() : f.bytes().length;
    if (size > MAX_MESSAGE_BYTES) {
      return CompletableFuture.failedFuture(new MessageTooLargeException(size));
    }
    return CompletableFuture.completedFuture(f);
  }
}
