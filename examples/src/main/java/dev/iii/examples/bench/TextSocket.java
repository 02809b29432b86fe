package dev.iii.examples.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A text WebSocket as the raw relay needs it; two transports so the floor can be measured on either. */
interface TextSocket extends AutoCloseable {

  /** Queues one text frame; frames leave in the order of the calls that queued them. Any thread. */
  void send(String text);

  /** Completes when the socket is closed by either side; fails if it broke. */
  CompletableFuture<Void> closed();

  @Override
  void close();

  /** The available transports. */
  enum Transport {
    /** {@code java.net.http.WebSocket}: no framework at all. */
    JDK,
    /** Pekko HTTP, the Java SDK's own transport, without the SDK: isolates what the SDK adds on top. */
    PEKKO;

    TextSocket connect(String url, Consumer<String> onMessage, Duration timeout) throws Exception {
      return this == JDK ? RawWebSocket.connect(url, onMessage, timeout)
          : PekkoTextSocket.connect(url, onMessage, timeout);
    }
  }
}
