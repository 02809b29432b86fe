package dev.iii.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.III;
import dev.iii.streams.internal.ChangeSource;
import dev.iii.streams.internal.Payloads;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.javadsl.Source;
import org.jspecify.annotations.Nullable;

/**
 * A typed client of the engine's {@code state::*} built-ins (ENGINE §7.2): values of type {@code T} under
 * {@code (scope, key)}. Failures complete the stages with the SDK's {@code InvocationException} carrying the engine's
 * code. Values are converted with the payload mapper given to {@link #withMapper} (pass the one in your
 * {@code InitOptions} if you set one); by default a mapper like the SDK's default.
 */
public final class StateClient<T> {
  private final III iii;
  private final Class<T> type;
  private final Payloads payloads;

  private StateClient(III iii, Class<T> type, Payloads payloads) {
    this.iii = iii;
    this.type = type;
    this.payloads = payloads;
  }

  public static <T> StateClient<T> of(III iii, Class<T> type) {
    return new StateClient<>(Objects.requireNonNull(iii, "iii"), Objects.requireNonNull(type, "type"),
        new Payloads(Payloads.defaultMapper()));
  }

  public StateClient<T> withMapper(ObjectMapper mapper) {
    return new StateClient<>(iii, type, new Payloads(Objects.requireNonNull(mapper, "mapper")));
  }

  /** The value, or null when the key does not exist. */
  public CompletionStage<@Nullable T> get(String scope, String key) {
    return call("state::get", address(scope, key)).thenApply(r -> payloads.read(r, type));
  }

  public CompletionStage<Change<T>> set(String scope, String key, T value) {
    ObjectNode in = address(scope, key);
    in.set("value", payloads.toJson(value));
    return call("state::set", in).thenApply(r -> payloads.readChange(r, type));
  }

  /** The deleted value, or null when the key did not exist (a {@code state:deleted} event fires either way). */
  public CompletionStage<@Nullable T> delete(String scope, String key) {
    return call("state::delete", address(scope, key)).thenApply(r -> payloads.read(r, type));
  }

  /** Applies the ops in order (creating the key as {@code {}} if missing); skipped ops are in {@link Change#errors}. */
  public CompletionStage<Change<T>> update(String scope, String key, List<UpdateOp> ops) {
    ObjectNode in = address(scope, key);
    in.set("ops", payloads.ops(ops));
    return call("state::update", in).thenApply(r -> payloads.readChange(r, type));
  }

  public CompletionStage<Change<T>> update(String scope, String key, UpdateOp... ops) {
    return update(scope, key, Arrays.asList(ops));
  }

  /** The scope's values in insertion order. */
  public CompletionStage<List<T>> list(String scope) {
    ObjectNode in = payloads.object().put("scope", required(scope, "scope"));
    return call("state::list", in).thenApply(r -> payloads.readList(r, type));
  }

  /** Every scope name, sorted. */
  public CompletionStage<List<String>> listGroups() {
    return call("state::list_groups", payloads.object()).thenApply(r -> payloads.readStrings(r.get("groups")));
  }

  /**
   * Change events of {@code scope}/{@code key} (null = any) as a {@code Source}, through a {@code state} trigger
   * registered on materialization and removed when the stream ends. Wait for {@link ChangeSubscription#ready()}
   * before making changes you expect to see. Buffers up to {@code bufferSize} events, then backpressures the engine.
   */
  public Source<StateEvent<T>, ChangeSubscription> changes(@Nullable String scope, @Nullable String key,
      int bufferSize) {
    ObjectNode config = payloads.object();
    if (scope != null) {
      config.put("scope", scope);
    }
    if (key != null) {
      config.put("key", key);
    }
    return ChangeSource.create(iii, "state", config, this::event, bufferSize);
  }

  public Source<StateEvent<T>, ChangeSubscription> changes(@Nullable String scope, @Nullable String key) {
    return changes(scope, key, 256);
  }

  private StateEvent<T> event(JsonNode p) {
    String kind = p.path("event_type").asText("");
    return new StateEvent<>(kind.startsWith("state:") ? kind.substring("state:".length()) : kind,
        p.path("scope").asText(), p.path("key").asText(), payloads.read(p.get("old_value"), type),
        payloads.read(p.get("new_value"), type), p);
  }

  private ObjectNode address(String scope, String key) {
    return payloads.object().put("scope", required(scope, "scope")).put("key", required(key, "key"));
  }

  private CompletionStage<JsonNode> call(String function, ObjectNode input) {
    return iii.callAsync(function, input);
  }

  static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
