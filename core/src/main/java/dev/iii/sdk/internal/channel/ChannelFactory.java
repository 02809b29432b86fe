package dev.iii.sdk.internal.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jspecify.annotations.Nullable;

/**
 * Makes live channel ends for one worker: its engine address, its ActorSystem and optional TLS context. Create
 * one per worker and keep it (it holds the parsed connection settings). Ends connect lazily, on first use.
 */
public final class ChannelFactory {
  private final ChannelEndpoint endpoint;

  public ChannelFactory(ActorSystem<?> system, String workerUrl, @Nullable SSLContext ssl) {
    this.endpoint = new ChannelEndpoint(system, workerUrl, ssl);
  }

  /** The write end of the ref's channel (the ref's direction is not checked: the engine lets either key open either end). */
  public ChannelWriter openWriter(ChannelRef ref) {
    return new WriterEnd(ref, endpoint);
  }

  /** The read end of the ref's channel. */
  public ChannelReader openReader(ChannelRef ref) {
    return new ReaderEnd(ref, endpoint);
  }

  /**
   * A {@link Channel} from the answer of {@code engine::channels::create}:
   * {@code {"writer":{channel_id,access_key,direction:"write"},"reader":{…,"direction":"read"}}}.
   */
  public Channel fromCreateResult(JsonNode result) {
    if (result == null || !result.isObject()) {
      throw new IllegalArgumentException("engine::channels::create answered " + describe(result)
          + ", expected an object with \"writer\" and \"reader\" refs");
    }
    ChannelRef writerRef = Channels.refFromJson(result.get("writer"));
    ChannelRef readerRef = Channels.refFromJson(result.get("reader"));
    if (writerRef.direction() != ChannelRef.Direction.WRITE || readerRef.direction() != ChannelRef.Direction.READ) {
      throw new IllegalArgumentException("engine::channels::create answered refs with the wrong directions: writer "
          + writerRef.direction().wire() + ", reader " + readerRef.direction().wire());
    }
    return new Channel(openWriter(writerRef), openReader(readerRef), writerRef, readerRef);
  }

  /**
   * Aborts every socket of the ends this factory made (the worker is shutting down): their streams fail with a
   * {@link dev.iii.sdk.ChannelClosedException}; ends used afterwards fail the same way. The channels themselves live
   * on in the engine, so ends held by other workers keep working.
   */
  public void shutdown() {
    endpoint.abortAll(new dev.iii.sdk.ChannelClosedException("the worker that opened this channel end shut down"));
  }

  /** A Jackson module for this worker's payload mapper (see {@link ChannelsModule}). */
  public ChannelsModule module() {
    return new ChannelsModule(this);
  }

  static String describe(@Nullable JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
