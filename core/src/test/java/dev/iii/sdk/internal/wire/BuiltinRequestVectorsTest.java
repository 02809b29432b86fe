package dev.iii.sdk.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.internal.wire.WireMessage.TriggerAction;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The request frames the SDK writes for the built-ins it calls itself ({@code engine::channels::create},
 * {@code engine::workers::register}, PROTOCOL §3.4, §6.1) equal the {@code builtins/} vectors as JSON values.
 */
class BuiltinRequestVectorsTest {

  private static final UUID CHANNEL_CALL = UUID.fromString("c0ffee00-1111-4222-8333-444455556666");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static void assertFrame(String vector, WireMessage msg) throws Exception {
    JsonNode expected = Vectors.byName("builtins", vector).frame();
    assertEquals(expected, WireCodec.wireMapper().readTree(WireCodec.encode(msg)), vector);
  }

  private static WireMessage createChannel(JsonNode data) {
    return new WireMessage.InvokeFunction(
        CHANNEL_CALL, "engine::channels::create", data, null, null, null, null, null);
  }

  @Test
  void channelsCreateAsTheSdkSendsIt() throws Exception {
    ObjectNode data = F.objectNode();
    data.putNull("buffer_size");
    assertFrame("w2e-engine-channels-create-request.json", createChannel(data));
  }

  @Test
  void channelsCreateWithABufferSize() throws Exception {
    assertFrame("w2e-engine-channels-create-request-sized.json",
        createChannel(F.objectNode().put("buffer_size", 16)));
    assertFrame("w2e-engine-channels-create-request-negative.json",
        createChannel(F.objectNode().put("buffer_size", -1)));
  }

  @Test
  void channelsCreateWithEmptyOrNullData() throws Exception {
    assertFrame("w2e-engine-channels-create-request-empty.json", createChannel(F.objectNode()));
    assertFrame("w2e-engine-channels-create-request-null-data.json", createChannel(NullNode.getInstance()));
  }

  @Test
  void workersRegisterAsAVoidCall() throws Exception {
    ObjectNode telemetry = F.objectNode();
    telemetry.put("language", "en_US");
    telemetry.put("project_name", "billing");
    telemetry.put("framework", "iii-java");
    telemetry.putNull("amplitude_api_key");
    ObjectNode data = F.objectNode();
    data.put("runtime", "java");
    data.put("version", "0.1.0");
    data.put("name", "billing-host:41233");
    data.put("os", "Linux 6.8.0 (amd64)");
    data.put("pid", 41233);
    data.putNull("isolation");
    data.set("telemetry", telemetry);
    assertFrame("w2e-engine-workers-register-request.json",
        new WireMessage.InvokeFunction(
            null, "engine::workers::register", data, null, null, new TriggerAction.Void(), null, null));
    assertFrame("w2e-engine-workers-register-request-null-data.json",
        new WireMessage.InvokeFunction(
            null, "engine::workers::register", NullNode.getInstance(), null, null, new TriggerAction.Void(), null,
            null));
  }

  @Test
  void workersRegisterAsASyncCall() throws Exception {
    assertFrame("w2e-engine-workers-register-request-sync.json",
        new WireMessage.InvokeFunction(
            UUID.fromString("7d6c5b4a-3928-4716-a5b4-c3d2e1f00918"), "engine::workers::register",
            F.objectNode().put("runtime", "java"), null, null, null, null, null));
  }
}
