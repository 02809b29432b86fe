package dev.iii.sdk.internal.channel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import java.io.IOException;
import java.util.function.Function;

/**
 * Jackson module for a worker's payload mapper: a {@code ChannelReader} or {@code ChannelWriter} field of a typed
 * payload is read from a ref object into a live end bound to this worker (connecting lazily), and ends are written
 * back as their ref JSON, so refs can travel in any payload. A ref whose direction does not match the field's type
 * is rejected: handing a writer's ref to a field that reads is almost certainly a mistake.
 */
public final class ChannelsModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  ChannelsModule(ChannelFactory factory) {
    super("iii-channels");
    addDeserializer(ChannelReader.class,
        new EndDeserializer<>(ChannelRef.Direction.READ, "ChannelReader", factory::openReader));
    addDeserializer(ChannelWriter.class,
        new EndDeserializer<>(ChannelRef.Direction.WRITE, "ChannelWriter", factory::openWriter));
    addSerializer(ChannelReader.class, new EndSerializer<>(ChannelReader::ref));
    addSerializer(ChannelWriter.class, new EndSerializer<>(ChannelWriter::ref));
  }

  private static final class EndDeserializer<T> extends JsonDeserializer<T> {
    private final ChannelRef.Direction direction;
    private final String typeName;
    private final Function<ChannelRef, T> open;

    EndDeserializer(ChannelRef.Direction direction, String typeName, Function<ChannelRef, T> open) {
      this.direction = direction;
      this.typeName = typeName;
      this.open = open;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      ChannelRef ref;
      try {
        ref = Channels.refFromJson(node);
      } catch (IllegalArgumentException e) {
        return fail(ctxt, "a " + typeName + " field needs a channel ref: " + e.getMessage());
      }
      if (ref.direction() != direction) {
        return fail(ctxt, "a " + typeName + " needs a ref with direction \"" + direction.wire() + "\", got \""
            + ref.direction().wire() + "\" for channel " + ref.channelId());
      }
      return open.apply(ref);
    }

    private T fail(DeserializationContext ctxt, String message) throws IOException {
      return ctxt.reportInputMismatch(this, "%s", message);
    }
  }

  private static final class EndSerializer<T> extends JsonSerializer<T> {
    private final Function<T, ChannelRef> ref;

    EndSerializer(Function<T, ChannelRef> ref) {
      this.ref = ref;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      ChannelRef r = ref.apply(value);
      gen.writeStartObject();
      gen.writeStringField("channel_id", r.channelId());
      gen.writeStringField("access_key", r.accessKey());
      gen.writeStringField("direction", r.direction().wire());
      gen.writeEndObject();
    }
  }
}
