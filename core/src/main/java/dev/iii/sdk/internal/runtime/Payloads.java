package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.iii.sdk.IIIException;
import org.jspecify.annotations.Nullable;

/** The per-worker payload mapper (DESIGN §3 "Two Jackson mappers") and the conversions around it. */
final class Payloads {
  private final ObjectMapper mapper;
  /** The worker's channels (their module is in {@link #mapper}); null only for mapper-only uses. */
  private final @Nullable WorkerChannels channels;

  Payloads(@Nullable ObjectMapper userMapper) {
    this.mapper = userMapper != null ? userMapper : defaultMapper();
    this.channels = null;
  }

  /** The worker's payload mapper: the user's (copied) or the default one, with the channel module registered. */
  Payloads(@Nullable ObjectMapper userMapper, WorkerChannels channels) {
    this.mapper = channels.payloadMapper(userMapper);
    this.channels = channels;
  }

  @Nullable WorkerChannels channels() {
    return channels;
  }

  /**
   * {@code FAIL_ON_UNKNOWN_PROPERTIES} is off because the engine adds {@code _caller_worker_id} to object payloads.
   */
  static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .addModule(new ParameterNamesModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The wire {@code data} for a call. Built-ins reject {@code null}, so an absent payload to an {@code engine::}
   * function is {@code {}}; to anything else it is an explicit JSON null (the member itself is always written).
   */
  JsonNode toData(String functionId, @Nullable Object payload) {
    if (payload == null) {
      return functionId.startsWith("engine::") ? JsonNodeFactory.instance.objectNode() : NullNode.getInstance();
    }
    if (payload instanceof JsonNode node) {
      return node;
    }
    try {
      return mapper.valueToTree(payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "payload of type " + payload.getClass().getName() + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** A handler's return value as the wire {@code result}; null means "no value" (member omitted). */
  @Nullable JsonNode toResult(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    return mapper.valueToTree(value);
  }

  /** Reads a payload or result as {@code type}; a JsonNode target takes the tree as it is. */
  @SuppressWarnings("unchecked")
  <T> T read(@Nullable JsonNode node, Class<T> type) {
    JsonNode n = node == null ? NullNode.getInstance() : node;
    if (type == JsonNode.class || type == Object.class && !n.isValueNode() && !n.isNull()) {
      return (T) n;
    }
    try {
      return mapper.treeToValue(n, type);
    } catch (Exception e) {
      throw new IIIException("cannot read JSON as " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
