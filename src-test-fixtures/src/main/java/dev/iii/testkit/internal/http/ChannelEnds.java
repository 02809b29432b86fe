package dev.iii.testkit.internal.http;

import dev.iii.testkit.internal.channels.ChannelHub;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own ends of a request's two channels (ENGINE §6.3 step 3): it reads {@code response} and writes
 * {@code request_body}. They are reached as any client would, through the engine's channel endpoint, so the
 * channel code stays the one implementation of take-once ends, buffering and end-of-stream. (With
 * {@code wss://} and a certificate the JVM does not trust, connecting fails: logged, and the request then
 * behaves as if the handler never used the channels.)
 */
final class ChannelEnds {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelEnds.class);
  private static final int CHUNK = 64 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** What the response channel delivered, in order. */
  sealed interface Event permits Text, Binary, End {}

  record Text(String text) implements Event {}

  record Binary(byte[] bytes) implements Event {}

  /** The writer's socket is gone and every message was delivered. */
  record End() implements Event {}

  private final HttpClient client;
  private final String engineWsUrl;

  ChannelEnds(HttpClient client, String engineWsUrl) {
    this.client = client;
    this.engineWsUrl = engineWsUrl;
  }

  private URI uri(ChannelHub.Created ch, String dir) {
    return URI.create(engineWsUrl + ChannelHub.PATH_PREFIX + ch.channelId() + "?key="
        + URLEncoder.encode(ch.accessKey(), StandardCharsets.UTF_8) + "&dir=" + dir);
  }

  /** Takes the reading end of {@code ch}; its messages go to {@code events}. Completes with the socket. */
  CompletionStage<WebSocket> read(ChannelHub.Created ch, BlockingQueue<Object> events) {
    return client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
        .buildAsync(uri(ch, "read"), new Collector(events))
        .whenComplete((ws, ex) -> {
          if (ex != null) {
            LOG.warn("http trigger: cannot read response channel {}: {}", ch.channelId(), ex.toString());
          }
        });
  }

  /**
   * Takes the writing end of {@code ch} and writes nothing: for a JSON request, whose body is parsed instead;
   * {@link #release} drops it when the exchange is over, so a reader waiting there then sees end-of-stream.
   */
  CompletionStage<WebSocket> hold(ChannelHub.Created ch) {
    return client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri(ch, "write"), new Ignoring())
        .whenComplete((ws, ex) -> {
          if (ex != null) {
            LOG.warn("http trigger: cannot take request body channel {}: {}", ch.channelId(), ex.toString());
          }
        });
  }

  /** Closes a held writing end (once it is connected). */
  static void release(CompletionStage<WebSocket> held) {
    held.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(ex -> {
      ws.abort();
      return null;
    }));
  }

  /**
   * Takes the writing end of {@code ch} and copies {@code body} into it as binary messages (chunks as read),
   * then closes it, so the reader sees end-of-stream. Runs on {@code executor}.
   */
  void copy(ChannelHub.Created ch, InputStream body, Executor executor) {
    client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri(ch, "write"), new Ignoring())
        .thenAcceptAsync(ws -> {
          byte[] buf = new byte[CHUNK];
          try (body) {
            int n;
            while ((n = body.read(buf)) >= 0) {
              if (n > 0) {
                ws.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buf, n)), true).get(CONNECT_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
              }
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("http trigger: copying the request body into channel {} stopped: {}", ch.channelId(), e.toString());
            ws.abort();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
          }
        }, executor)
        .exceptionally(ex -> {
          LOG.warn("http trigger: cannot write request body channel {}: {}", ch.channelId(), ex.toString());
          return null;
        });
  }

  /** Puts whole messages on the queue; Close (or a failure) becomes {@link End}. */
  private static final class Collector extends WholeMessageListener {
    private final BlockingQueue<Object> events;

    Collector(BlockingQueue<Object> events) {
      super(text -> events.add(new Text(text)), bytes -> events.add(new Binary(bytes)));
      this.events = events;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      events.add(new End());
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add(new End());
    }
  }

  private static final class Ignoring implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ws.request(1);
      return null;
    }
  }
}
