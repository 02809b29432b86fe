package dev.iii.testkit;

import org.jspecify.annotations.Nullable;

/**
 * A service: sent with {@code registerservice} or implied by a function id {@code service::name}. The engine
 * keys services by name (the id when the name is empty).
 */
public record EngineService(String id, String name, @Nullable String parentServiceId) {}
