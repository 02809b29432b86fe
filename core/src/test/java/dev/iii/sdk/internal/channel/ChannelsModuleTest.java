package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refs inside typed payloads: JSON in, live ends out, and back (PROTOCOL §2.14.4, §6.5). */
class ChannelsModuleTest {
  private static HubServer engine;
  private static ActorSystem<Void> system;
  private static ChannelFactory factory;
  private static ObjectMapper mapper;

  /** A typed payload as a user would declare it. */
  public record Transcode(String label, ChannelReader source, ChannelWriter sink) {}

  @BeforeAll
  static void start() throws Exception {
    engine = new HubServer();
    system = ActorSystem.create(Behaviors.empty(), "channels-module");
    factory = new ChannelFactory(system, engine.workerUrl(), null);
    mapper = JsonMapper.builder()
        .addModule(new ParameterNamesModule())
        .addModule(factory.module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    engine.close();
  }

  @Test
  void aRefSerialisesExactlyAsTheWireShape() throws Exception {
    ChannelRef ref = new ChannelRef("6e0f", "1a9b", ChannelRef.Direction.READ);
    assertEquals("{\"channel_id\":\"6e0f\",\"access_key\":\"1a9b\",\"direction\":\"read\"}",
        new ObjectMapper().writeValueAsString(ref));
    assertEquals(ref, new ObjectMapper().readValue(
        "{\"direction\":\"read\",\"access_key\":\"1a9b\",\"channel_id\":\"6e0f\",\"extra\":1}", ChannelRef.class));
    assertFalse(ref.toString().contains("1a9b"), "toString hides the key");
  }

  @Test
  void typedPayloadRoundTripWithLiveEnds() throws Exception {
    ChannelHub.Created in = engine.create(8);
    ChannelHub.Created out = engine.create(8);
    String json = "{\"label\":\"clip-1\",\"_caller_worker_id\":\"w\","
        + "\"source\":{\"channel_id\":\"" + in.channelId() + "\",\"access_key\":\"" + in.accessKey()
        + "\",\"direction\":\"read\"},"
        + "\"sink\":{\"channel_id\":\"" + out.channelId() + "\",\"access_key\":\"" + out.accessKey()
        + "\",\"direction\":\"write\"}}";
    Transcode payload = mapper.readValue(json, Transcode.class);
    assertEquals("clip-1", payload.label());

    // The reader is live: what a writer puts in the channel comes out of the deserialised field.
    ChannelWriter producer = factory.openWriter(HubServer.ref(in, ChannelRef.Direction.WRITE));
    producer.write("from the caller".getBytes(StandardCharsets.UTF_8));
    producer.close();
    assertEquals("from the caller", Waits.await(payload.source().readAll(1000)).utf8String());

    // The writer is live too.
    payload.sink().write("answer".getBytes(StandardCharsets.UTF_8));
    payload.sink().close();
    assertEquals("answer", Waits.await(factory.openReader(HubServer.ref(out, ChannelRef.Direction.READ))
        .readAll(1000)).utf8String());

    // And both serialise back into the refs they came from.
    JsonNode back = mapper.valueToTree(payload);
    JsonNode original = mapper.readTree(json);
    assertEquals(original.get("source"), back.get("source"));
    assertEquals(original.get("sink"), back.get("sink"));
  }

  @Test
  void aRefWithTheWrongDirectionOrShapeIsAClearError() {
    String writeRef = "{\"label\":\"x\",\"source\":{\"channel_id\":\"c\",\"access_key\":\"k\",\"direction\":\"write\"}}";
    JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.readValue(writeRef, Transcode.class));
    assertTrue(e.getMessage().contains("needs a ref with direction \"read\""), e.getMessage());
    String notARef = "{\"label\":\"x\",\"source\":{\"channel_id\":\"c\",\"direction\":\"read\"}}";
    JsonMappingException e2 = assertThrows(JsonMappingException.class, () -> mapper.readValue(notARef, Transcode.class));
    assertTrue(e2.getMessage().contains("\"access_key\" must be a string"), e2.getMessage());
  }

  @Test
  void createResultBecomesAChannel() throws Exception {
    ChannelHub.Created c = engine.create(8);
    Channel ch = factory.fromCreateResult(c.toResult());
    assertEquals(ChannelRef.Direction.WRITE, ch.writerRef().direction());
    assertEquals(ChannelRef.Direction.READ, ch.readerRef().direction());
    assertEquals(c.channelId(), ch.readerRef().channelId());
    ch.writer().write(new byte[] {42});
    ch.writer().close();
    assertEquals(1, Waits.await(ch.reader().readAll(10)).size());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> factory.fromCreateResult(mapper.readTree("{\"writer\":null}")));
    assertTrue(bad.getMessage().contains("channel ref"), bad.getMessage());
  }

  @Test
  void refDetectionFollowsTheSdkRule() throws Exception {
    assertTrue(Channels.isRef(mapper.readTree("{\"channel_id\":\"a\",\"access_key\":\"b\",\"direction\":\"write\",\"x\":1}")));
    assertFalse(Channels.isRef(mapper.readTree("{\"channel_id\":\"a\",\"access_key\":\"b\",\"direction\":\"READ\"}")));
    assertFalse(Channels.isRef(mapper.readTree("{\"channel_id\":1,\"access_key\":\"b\",\"direction\":\"read\"}")));
    assertFalse(Channels.isRef(mapper.readTree("[]")));
  }
}
