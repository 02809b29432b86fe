package dev.iii.testkit.internal.http;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A {@code java.net.http.WebSocket} listener that joins fragments into whole messages, hands each to its text or
 * binary consumer, and asks for the next one. A channel message may arrive in several frames; everything that
 * reads a channel by hand (the engine's own ends, tests) wants whole messages. Subclasses add what they do on
 * Close, errors or pongs.
 */
public class WholeMessageListener implements WebSocket.Listener {
  private final Consumer<String> textSink;
  private final Consumer<byte[]> binarySink;
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

  /** {@code textSink} and {@code binarySink} get each whole message, on the socket's listener thread, in order. */
  public WholeMessageListener(Consumer<String> textSink, Consumer<byte[]> binarySink) {
    this.textSink = textSink;
    this.binarySink = binarySink;
  }

  @Override
  public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      textSink.accept(text.toString());
      text.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public final CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] fragment = new byte[data.remaining()];
    data.get(fragment);
    binary.writeBytes(fragment);
    if (last) {
      binarySink.accept(binary.toByteArray());
      binary.reset();
    }
    ws.request(1);
    return null;
  }
}
