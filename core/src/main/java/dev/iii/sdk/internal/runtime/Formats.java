package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.internal.schema.JsonSchemas;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response formats of a function: the explicit one if given, else JSON Schema derived from the handler's
 * class (PROTOCOL §8.3); untyped sides ({@code JsonNode}, {@code Object}) and a behavior's reply get none.
 */
final class Formats {
  private static final Logger log = LoggerFactory.getLogger(Formats.class);

  private Formats() {}

  static @Nullable JsonNode request(FunctionDef<?, ?> def) {
    return def.requestFormat() != null ? def.requestFormat() : derive(def.inputType());
  }

  static @Nullable JsonNode response(FunctionDef<?, ?> def) {
    if (def.responseFormat() != null) {
      return def.responseFormat();
    }
    return def.behavior() != null ? null : derive(def.outputType());
  }

  static @Nullable JsonNode derive(Class<?> type) {
    if (type == JsonNode.class || type == Object.class || type == Void.class) {
      return null;
    }
    try {
      return JsonSchemas.forType(type);
    } catch (RuntimeException e) {
      // A class the derivation cannot describe still registers, just without a format (as Python does).
      log.debug("no format derived for {}: {}", type.getName(), e.toString());
      return null;
    }
  }
}
