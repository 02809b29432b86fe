package dev.iii.sdk.internal.channel;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the channel-end tests share, one per test class: the test engine's channel hub on a port, an ActorSystem, and
 * a {@link ChannelFactory} pointed at the hub. Register with {@code @RegisterExtension static final HubFixture}.
 */
final class HubFixture implements BeforeAllCallback, AfterAllCallback {
  private final String systemName;
  HubServer engine;
  ActorSystem<Void> system;
  ChannelFactory factory;

  HubFixture(String systemName) {
    this.systemName = systemName;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    engine = new HubServer();
    system = ActorSystem.create(Behaviors.empty(), systemName);
    factory = new ChannelFactory(system, engine.workerUrl(), null);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    system.terminate();
    engine.close();
  }
}
