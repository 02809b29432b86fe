package dev.iii.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The seed's (Python) format model for {@code request_format}/{@code response_format} (PROTOCOL §8.3). An explicit
 * format given to {@link FunctionDef.Builder} always wins over the one derived from the handler's classes. Any JSON
 * Schema can be given as a {@code JsonNode} instead.
 *
 * @param type one of {@code string, number, boolean, object, array, null, map}
 */
public record RegisterFunctionFormat(
    String name,
    String type,
    @Nullable String description,
    @Nullable List<RegisterFunctionFormat> body,
    @Nullable RegisterFunctionFormat items,
    boolean required) {
  public RegisterFunctionFormat {
    if (name == null || type == null) {
      throw new IllegalArgumentException("name and type are required");
    }
    body = body == null ? null : List.copyOf(body);
  }

  public static RegisterFunctionFormat of(String name, String type) {
    return new RegisterFunctionFormat(name, type, null, null, null, false);
  }
}
