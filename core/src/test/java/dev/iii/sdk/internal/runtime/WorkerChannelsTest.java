package dev.iii.sdk.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker's channel wiring without an engine: the create request, ref checks, the mapper, shutdown. */
class WorkerChannelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "worker-channels-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void createRequestIsAnEmptyObjectWithoutASizeBecauseBuiltInsRejectNull() {
    assertEquals("{}", WorkerChannels.createRequest(null).toString());
    assertEquals("{\"buffer_size\":8}", WorkerChannels.createRequest(8).toString());
    assertEquals("{\"buffer_size\":0}", WorkerChannels.createRequest(0).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerChannels.createRequest(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void untypedRefsAreCheckedWithMessagesThatNameTheProblemButNotTheKey() throws Exception {
    WorkerChannels channels = new WorkerChannels(system, "ws://127.0.0.1:1", null);
    JsonNode readRef = JSON.readTree("{\"channel_id\":\"c1\",\"access_key\":\"secret-key\",\"direction\":\"read\"}");

    ChannelReader reader = channels.reader(readRef);
    assertEquals(new ChannelRef("c1", "secret-key", ChannelRef.Direction.READ), reader.ref());

    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> channels.writer(readRef));
    assertTrue(wrong.getMessage().contains("direction \"read\""), wrong.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> channels.reader(JSON.readTree("{\"channel_id\":\"c1\"}")));
    assertTrue(missing.getMessage().contains("\"access_key\" must be a string"), missing.getMessage());
    for (IllegalArgumentException e : new IllegalArgumentException[] {wrong, missing}) {
      assertTrue(!e.getMessage().contains("secret-key"), e.getMessage());
    }
  }

  @Test
  void theUsersMapperIsCopiedAndTheCopyMakesLiveEnds() throws Exception {
    WorkerChannels channels = new WorkerChannels(system, "ws://127.0.0.1:1", null);
    ObjectMapper user = JsonMapper.builder().build();
    ObjectMapper payload = channels.payloadMapper(user);
    JsonNode ref = JSON.readTree("{\"channel_id\":\"c2\",\"access_key\":\"k\",\"direction\":\"read\"}");

    assertEquals("c2", payload.treeToValue(ref, ChannelReader.class).ref().channelId());
    assertThrows(Exception.class, () -> user.treeToValue(ref, ChannelReader.class));
    assertEquals("c2", channels.payloadMapper(null).treeToValue(ref, ChannelReader.class).ref().channelId());
  }

  @Test
  void endsOpenedAfterShutdownFailWithChannelClosed() {
    WorkerChannels channels = new WorkerChannels(system, "ws://127.0.0.1:1", null);
    channels.shutdown();
    ChannelReader reader = channels.reader(new ChannelRef("c3", "k", ChannelRef.Direction.READ));

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> reader.readAll(10).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertInstanceOf(ChannelClosedException.class, e.getCause(), e.getCause().toString());
    // Not merely "could not connect" (nothing listens on port 1): the shutdown is what failed it.
    assertTrue(e.getCause().getMessage().contains("shut down"), e.getCause().getMessage());
  }
}
