package dev.iii.testkit.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.CallContext;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import dev.iii.testkit.internal.TriggerEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code iii-state} (ENGINE §5.8, §7.2): a {@code (scope, key)} store in memory and the {@code state} trigger type.
 * Quirks kept: {@code state::delete} fires {@code state:deleted} even for a missing key; {@code state::list_groups}
 * answers {@code {"groups":[...]}} and keeps scopes whose keys were all deleted.
 */
public final class StateModule {
  static final String TRIGGER_TYPE = "state";

  private final Object lock = new Object();
  /** scope → key → value, both in insertion order. Guarded by {@link #lock}. */
  private final Map<String, Map<String, JsonNode>> scopes = new LinkedHashMap<>();
  private final ChangeTriggers triggers;

  private StateModule(EngineCore core) {
    this.triggers = new ChangeTriggers(lock, StateModule::parseTrigger,
        new TriggerDelivery(core.router(), TRIGGER_TYPE));
  }

  public static void install(EngineCore core) {
    StateModule m = new StateModule(core);
    core.registerBuiltin("state::set", "Set a value in state", m::set);
    core.registerBuiltin("state::get", "Get a value from state", m::get);
    core.registerBuiltin("state::delete", "Delete a value from state", m::delete);
    core.registerBuiltin("state::update", "Update a value in state with operations", m::update);
    core.registerBuiltin("state::list", "List the values of a scope", m::list);
    core.registerBuiltin("state::list_groups", "List the scopes", m::listGroups);
    core.triggerHub().setBuiltinType(TRIGGER_TYPE, "State change trigger", m.triggers);
  }

  private static ChangeTrigger parseTrigger(TriggerEntry e) {
    JsonNode c = ChangeTriggers.objectConfig(e);
    return new ChangeTrigger(e.id(), e.functionId(), ChangeTriggers.optString(c, "scope", TRIGGER_TYPE),
        ChangeTriggers.optString(c, "key", TRIGGER_TYPE), null,
        ChangeTriggers.optString(c, "condition_function_id", TRIGGER_TYPE));
  }

  private static CompletionStage<Outcome> done(@Nullable JsonNode result) {
    return CompletableFuture.completedFuture(result == null ? Outcome.noResult() : Outcome.ok(result));
  }

  private CompletionStage<Outcome> set(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StateSetInput");
    String scope = BuiltinInput.reqString(in, "scope");
    String key = BuiltinInput.reqString(in, "key");
    JsonNode value = Inputs.reqValueWithAlias(in, "value", "data").deepCopy(); // "data" is an accepted alias
    synchronized (lock) {
      JsonNode old = scopes.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(key, value);
      fire(old == null ? "state:created" : "state:updated", scope, key, old, value);
      return done(oldNew(old, value));
    }
  }

  private CompletionStage<Outcome> get(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StateGetInput");
    String scope = BuiltinInput.reqString(in, "scope");
    String key = BuiltinInput.reqString(in, "key");
    synchronized (lock) {
      Map<String, JsonNode> s = scopes.get(scope);
      return done(s == null ? null : s.get(key)); // absent: no result key at all
    }
  }

  private CompletionStage<Outcome> delete(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StateDeleteInput");
    String scope = BuiltinInput.reqString(in, "scope");
    String key = BuiltinInput.reqString(in, "key");
    synchronized (lock) {
      Map<String, JsonNode> s = scopes.get(scope);
      JsonNode old = s == null ? null : s.remove(key);
      // Fired even when nothing was there (both values null), as the engine does.
      fire("state:deleted", scope, key, old, null);
      return done(old); // the value itself, not wrapped
    }
  }

  private CompletionStage<Outcome> update(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StateUpdateInput");
    String scope = BuiltinInput.reqString(in, "scope");
    String key = BuiltinInput.reqString(in, "key");
    List<UpdateOp> ops = UpdateOp.decodeAll(in);
    synchronized (lock) {
      Map<String, JsonNode> s = scopes.computeIfAbsent(scope, x -> new LinkedHashMap<>());
      JsonNode old = s.get(key);
      UpdateOps.Applied applied = UpdateOps.apply(old, ops);
      s.put(key, applied.value());
      fire(old == null ? "state:created" : "state:updated", scope, key, old, applied.value());
      ObjectNode out = oldNew(old, applied.value());
      if (!applied.errors().isEmpty()) {
        out.set("errors", applied.errors());
      }
      return done(out);
    }
  }

  private CompletionStage<Outcome> list(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StateListInput");
    String scope = BuiltinInput.reqString(in, "scope");
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    synchronized (lock) {
      Map<String, JsonNode> s = scopes.get(scope);
      if (s != null) {
        s.values().forEach(v -> out.add(v.deepCopy()));
      }
    }
    return done(out);
  }

  private CompletionStage<Outcome> listGroups(JsonNode data, CallContext ctx) {
    BuiltinInput.struct(data, "StateListGroupsInput");
    ObjectNode out = Json.object();
    ArrayNode groups = out.putArray("groups");
    synchronized (lock) {
      new TreeSet<>(scopes.keySet()).forEach(groups::add);
    }
    return done(out);
  }

  private static ObjectNode oldNew(@Nullable JsonNode old, JsonNode now) {
    ObjectNode o = Json.object();
    o.set("old_value", old == null ? NullNode.getInstance() : old.deepCopy());
    o.set("new_value", now.deepCopy());
    return o;
  }

  /** Called with the lock held, so each trigger sees the changes in the order they were made. */
  private void fire(String eventType, String scope, String key, @Nullable JsonNode old, @Nullable JsonNode now) {
    ObjectNode p = Json.object();
    p.put("type", "state");
    p.put("event_type", eventType);
    p.put("scope", scope);
    p.put("key", key);
    p.set("old_value", old == null ? NullNode.getInstance() : old.deepCopy());
    p.set("new_value", now == null ? NullNode.getInstance() : now.deepCopy());
    // Absent scope/key in the config = wildcard; present = exact match (an empty string included).
    triggers.fire(t -> (t.a() == null || t.a().equals(scope)) && (t.b() == null || t.b().equals(key)), p);
  }
}
