package dev.iii.sdk.internal.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;

/**
 * JSON Schema for a Java type, as Jackson would write its values with ISO-8601 date/time strings.
 *
 * <p>Mapping: records and POJOs become {@code object} with {@code properties} (record components, or public
 * fields/getters/setters; {@code @JsonProperty} names, {@code @JsonIgnore} and {@code @JsonPropertyDescription}
 * honoured); {@code List}/{@code Set}/{@code Collection}/arrays become {@code array} with {@code items};
 * {@code Optional<T>} is T and not required; {@code Map<String,V>} is an {@code object} with
 * {@code additionalProperties}; enums are strings with {@code enum}; {@code Instant}/{@code OffsetDateTime}/
 * {@code LocalDate} and friends are strings with a {@code format}; numbers are {@code integer}/{@code number};
 * {@code JsonNode}/{@code Object} are {@code {}} (anything). Record components are {@code required} unless they are
 * {@code Optional*} or annotated {@code @Nullable}; POJO properties only when {@code @JsonProperty(required = true)}.
 * Recursive types are expressed with {@code $defs} + {@code $ref} ({@code "#"} for the root type itself).
 *
 * <p>Object schemas never say {@code additionalProperties: false}: the engine adds {@code _caller_worker_id} to
 * object payloads (PROTOCOL §2.4), so such a schema would describe every real payload as invalid.
 */
public final class JsonSchemas {
  private JsonSchemas() {}

  /** A fresh schema (the caller may modify it). */
  public static ObjectNode forType(Type type) {
    if (type == null) {
      throw new IllegalArgumentException("type must not be null");
    }
    return new SchemaGenerator().generate(type);
  }
}
