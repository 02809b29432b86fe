package dev.iii.sdk.internal.channel;

import dev.iii.sdk.ChannelRef;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Materializer;

/**
 * The test engine's channel hub mounted on a loopback Pekko HTTP server in its own ActorSystem, so a test can
 * "kill the engine" (terminate that system: every socket drops) without touching the SDK's system.
 */
final class HubServer implements AutoCloseable {
  final ActorSystem system;
  final ChannelHub hub;
  private final ServerBinding binding;

  /**
   * What the test engine's ActorSystem needs for channels: Pekko's server hands a message whose frames span
   * several reads over as a streamed message that must be subscribed within 5 s, but the hub deliberately leaves
   * it unread while the channel is full (backpressure), which can take longer.
   */
  static final String ENGINE_CONFIG = ChannelHub.REQUIRED_CONFIG;

  HubServer() throws Exception {
    this(com.typesafe.config.ConfigFactory.load());
  }

  HubServer(com.typesafe.config.Config config) throws Exception {
    system = ActorSystem.create("channel-engine",
        com.typesafe.config.ConfigFactory.parseString(ENGINE_CONFIG).withFallback(config));
    hub = new ChannelHub(Materializer.matFromSystem(system));
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(hub::handle)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The worker address the SDK would have (a query on it must not leak into channel URLs). */
  String workerUrl() {
    return "ws://127.0.0.1:" + binding.localAddress().getPort() + "/?token=ignored";
  }

  ChannelHub.Created create(int bufferSize) {
    return hub.create(bufferSize);
  }

  static ChannelRef ref(ChannelHub.Created c, ChannelRef.Direction d) {
    return new ChannelRef(c.channelId(), c.accessKey(), d);
  }

  /** The engine goes away: every live socket is dropped at the TCP level. */
  void kill() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!system.whenTerminated().isCompleted()) {
      hub.close();
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      kill();
    }
  }
}
