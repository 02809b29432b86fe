package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A registered function: worker-owned ({@code owner} set) or an engine built-in ({@code builtin} set). */
public record FunctionEntry(String id, @Nullable String description, @Nullable JsonNode requestFormat,
    @Nullable JsonNode responseFormat, @Nullable JsonNode metadata, @Nullable UUID owner,
    @Nullable BuiltinFunction builtin) {}
