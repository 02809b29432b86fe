package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A service: a display grouping of functions (PROTOCOL §8.1). {@code name} defaults to {@code id} on the wire.
 */
public record ServiceDef(
    String id, @Nullable String name, @Nullable String description, @Nullable String parentServiceId) {
  public ServiceDef {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("service id is required");
    }
  }

  public static ServiceDef of(String id) {
    return new ServiceDef(id, null, null, null);
  }

  public static ServiceDef of(String id, @Nullable String name, @Nullable String description) {
    return new ServiceDef(id, name, description, null);
  }

  public ServiceDef withName(@Nullable String name) {
    return new ServiceDef(id, name, description, parentServiceId);
  }

  public ServiceDef withDescription(@Nullable String description) {
    return new ServiceDef(id, name, description, parentServiceId);
  }

  public ServiceDef withParent(@Nullable String parentServiceId) {
    return new ServiceDef(id, name, description, parentServiceId);
  }
}
