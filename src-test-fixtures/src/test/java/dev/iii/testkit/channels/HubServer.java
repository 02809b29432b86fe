package dev.iii.testkit.channels;

import dev.iii.testkit.internal.channels.ChannelHub;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Materializer;

/** A loopback Pekko HTTP server whose every request goes to a {@link ChannelHub}. */
final class HubServer implements AutoCloseable {
  final ActorSystem system;
  final ChannelHub hub;
  final ServerBinding binding;

  HubServer(Clock clock) throws Exception {
    system = ActorSystem.create("hub-test", com.typesafe.config.ConfigFactory.parseString(ChannelHub.REQUIRED_CONFIG)
        .withFallback(com.typesafe.config.ConfigFactory.load()));
    hub = new ChannelHub(Materializer.matFromSystem(system), clock);
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(hub::handle)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HubServer() throws Exception {
    this(Clock.systemUTC());
  }

  String base() {
    InetSocketAddress a = binding.localAddress();
    return "ws://127.0.0.1:" + a.getPort();
  }

  String url(ChannelHub.Created c, String dir) {
    return base() + "/ws/channels/" + c.channelId() + "?key=" + c.accessKey() + "&dir=" + dir;
  }

  @Override
  public void close() throws Exception {
    hub.close();
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
