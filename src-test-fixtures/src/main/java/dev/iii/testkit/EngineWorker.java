package dev.iii.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A live worker socket as the engine sees it. {@code name}, {@code runtime} and {@code pid} come from the
 * worker's {@code engine::workers::register} call (null until then; the engine hides workers without a pid from
 * {@code engine::workers::list}). {@code functionIds} are the ids this connection registered and did not
 * unregister — the engine's per-connection set, which keeps an id even after another worker took it over.
 * {@code headers} are the upgrade request's headers, names in lower case.
 */
public record EngineWorker(String id, @Nullable String name, @Nullable String runtime, @Nullable Long pid,
    List<String> functionIds, Instant connectedAt, Map<String, String> headers) {}
