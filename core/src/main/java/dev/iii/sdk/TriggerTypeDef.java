package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A trigger type to provide (PROTOCOL §2.6, §5.2): its id, the class the consumers' {@code config} is read as (through
 * the payload mapper), a description, and the two formats the engine lists: {@code trigger_request_format} (schema of
 * the config) and {@code call_request_format} (schema of the payload the bound function receives when it fires).
 *
 * <p>Formats are derived as JSON Schema from {@link #configType()} and {@link #callRequestType()} unless given
 * explicitly (an explicit one wins); {@code JsonNode}/{@code Object} give none. Immutable; refine with the
 * {@code with…} methods.
 */
public final class TriggerTypeDef<C> {
  private final String id;
  private final Class<C> configType;
  private final String description;
  private final @Nullable Class<?> callRequestType;
  private final @Nullable JsonNode triggerRequestFormat;
  private final @Nullable JsonNode callRequestFormat;

  private TriggerTypeDef(
      String id,
      Class<C> configType,
      String description,
      @Nullable Class<?> callRequestType,
      @Nullable JsonNode triggerRequestFormat,
      @Nullable JsonNode callRequestFormat) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("trigger type id is required");
    }
    this.id = id;
    this.configType = Objects.requireNonNull(configType, "config class");
    this.description = description == null ? "" : description;
    this.callRequestType = callRequestType;
    this.triggerRequestFormat = triggerRequestFormat;
    this.callRequestFormat = callRequestFormat;
  }

  /** A type whose triggers' config is read as {@code configType} (a record or POJO). */
  public static <C> TriggerTypeDef<C> of(String id, Class<C> configType) {
    return new TriggerTypeDef<>(id, configType, "", null, null, null);
  }

  /** An untyped type: handlers see the raw config JSON. */
  public static TriggerTypeDef<JsonNode> json(String id) {
    return of(id, JsonNode.class);
  }

  /** Free text; the engine requires the member, so it is sent as {@code ""} when unset. */
  public TriggerTypeDef<C> withDescription(@Nullable String description) {
    return new TriggerTypeDef<>(id, configType, description, callRequestType, triggerRequestFormat, callRequestFormat);
  }

  /** The class of the payload functions receive when a trigger fires; its JSON Schema is the call request format. */
  public TriggerTypeDef<C> withCallRequestType(@Nullable Class<?> type) {
    return new TriggerTypeDef<>(id, configType, description, type, triggerRequestFormat, callRequestFormat);
  }

  /** Any JSON (normally JSON Schema); wins over the schema derived from the config class. */
  public TriggerTypeDef<C> withTriggerRequestFormat(@Nullable JsonNode format) {
    return new TriggerTypeDef<>(id, configType, description, callRequestType, format, callRequestFormat);
  }

  /** Any JSON (normally JSON Schema); wins over the schema derived from {@link #callRequestType()}. */
  public TriggerTypeDef<C> withCallRequestFormat(@Nullable JsonNode format) {
    return new TriggerTypeDef<>(id, configType, description, callRequestType, triggerRequestFormat, format);
  }

  public String id() {
    return id;
  }

  public Class<C> configType() {
    return configType;
  }

  public String description() {
    return description;
  }

  public @Nullable Class<?> callRequestType() {
    return callRequestType;
  }

  /** The explicit trigger request format, if one was given. */
  public @Nullable JsonNode triggerRequestFormat() {
    return triggerRequestFormat;
  }

  /** The explicit call request format, if one was given. */
  public @Nullable JsonNode callRequestFormat() {
    return callRequestFormat;
  }
}
