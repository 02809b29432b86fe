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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code iii-stream} (ENGINE §5.7, §7.3): a {@code (stream_name, group_id) → item_id → value} store in memory, the
 * {@code stream} trigger type with its camelCase change events, and delegation to a custom stream's
 * {@code stream::<op>(<stream_name>)} functions. Quirks kept: {@code stream::list_groups} is a bare array,
 * {@code stream::delete} emits only for an item that existed, {@code stream::send} answers an explicit null.
 */
public final class StreamModule {
  static final String TRIGGER_TYPE = "stream";

  private final EngineCore core;
  private final LongSupplier millis;
  private final Object lock = new Object();
  /** stream → group → item → value, in insertion order. Guarded by {@link #lock}. */
  private final Map<String, Map<String, Map<String, JsonNode>>> streams = new LinkedHashMap<>();
  private final ChangeTriggers triggers;

  private StreamModule(EngineCore core, LongSupplier millis) {
    this.core = core;
    this.millis = millis;
    this.triggers = new ChangeTriggers(lock, StreamModule::parseTrigger,
        new TriggerDelivery(core.router(), TRIGGER_TYPE));
  }

  /** {@code millis} stamps the events' {@code timestamp} (epoch milliseconds). */
  public static void install(EngineCore core, LongSupplier millis) {
    StreamModule m = new StreamModule(core, millis);
    core.registerBuiltin("stream::set", "Set a value in a stream", m::set);
    core.registerBuiltin("stream::get", "Get a value from a stream", m::get);
    core.registerBuiltin("stream::delete", "Delete a value from a stream", m::delete);
    core.registerBuiltin("stream::list", "List the items of a stream group", m::list);
    core.registerBuiltin("stream::list_groups", "List the groups of a stream", m::listGroups);
    core.registerBuiltin("stream::list_all", "List every stream with its groups", m::listAll);
    core.registerBuiltin("stream::send", "Send a custom event to a stream group", m::send);
    core.registerBuiltin("stream::update", "Update a stream item with operations", m::update);
    core.triggerHub().setBuiltinType(TRIGGER_TYPE, "Stream change trigger", m.triggers);
  }

  private static ChangeTrigger parseTrigger(TriggerEntry e) {
    JsonNode c = ChangeTriggers.objectConfig(e);
    String streamName = ChangeTriggers.optString(c, "stream_name", TRIGGER_TYPE);
    if (streamName == null) {
      // The real engine panics in the registering connection's task here; rejecting is the sane stand-in.
      throw new IllegalArgumentException("stream trigger config needs `stream_name`");
    }
    return new ChangeTrigger(e.id(), e.functionId(), streamName,
        ChangeTriggers.optString(c, "group_id", TRIGGER_TYPE), ChangeTriggers.optString(c, "item_id", TRIGGER_TYPE),
        ChangeTriggers.optString(c, "condition_function_id", TRIGGER_TYPE));
  }

  private static CompletionStage<Outcome> done(@Nullable JsonNode result) {
    return CompletableFuture.completedFuture(result == null ? Outcome.noResult() : Outcome.ok(result));
  }

  /** Item coordinates common to set/get/delete/update. */
  private record Item(String stream, String group, String item) {
    static Item read(ObjectNode in) {
      return new Item(BuiltinInput.reqString(in, "stream_name"), BuiltinInput.reqString(in, "group_id"),
          BuiltinInput.reqString(in, "item_id"));
    }

    /** The input a custom stream function receives: the decoded struct, without engine-added keys. */
    ObjectNode toInput() {
      ObjectNode o = Json.object();
      o.put("stream_name", stream);
      o.put("group_id", group);
      o.put("item_id", item);
      return o;
    }
  }

  // ---------------------------------------------------------------- set / get / delete / update

  private CompletionStage<Outcome> set(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamSetInput");
    Item at = Item.read(in);
    JsonNode value = Inputs.reqValue(in, "data").deepCopy();
    String custom = customFunction("set", at.stream());
    if (custom != null) {
      ObjectNode input = at.toInput();
      input.set("data", value);
      return delegateWrite(custom, input, ctx, "STREAM_SET_ERROR", "StreamSetResult", at, true);
    }
    synchronized (lock) {
      JsonNode old = group(at.stream(), at.group(), true).put(at.item(), value);
      emit(at.stream(), at.group(), at.item(), old == null ? "create" : "update", value);
      return done(oldNew(old, value, null));
    }
  }

  private CompletionStage<Outcome> get(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamGetInput");
    Item at = Item.read(in);
    String custom = customFunction("get", at.stream());
    if (custom != null) {
      return core.router().call(custom, at.toInput(), ctx.traceparent(), ctx.baggage()); // answered unchanged
    }
    synchronized (lock) {
      Map<String, JsonNode> g = group(at.stream(), at.group(), false);
      JsonNode v = g == null ? null : g.get(at.item());
      return done(v == null ? null : v.deepCopy());
    }
  }

  private CompletionStage<Outcome> delete(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamDeleteInput");
    Item at = Item.read(in);
    String custom = customFunction("delete", at.stream());
    if (custom != null) {
      return delegateWrite(custom, at.toInput(), ctx, "STREAM_DELETE_ERROR", "StreamDeleteResult", at, false);
    }
    synchronized (lock) {
      Map<String, JsonNode> g = group(at.stream(), at.group(), false);
      JsonNode old = g == null ? null : g.remove(at.item());
      if (old != null) {
        emit(at.stream(), at.group(), at.item(), "delete", old); // only for an item that existed
      }
      ObjectNode out = Json.object();
      out.set("old_value", old == null ? NullNode.getInstance() : old.deepCopy());
      return done(out);
    }
  }

  private CompletionStage<Outcome> update(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamUpdateInput");
    Item at = Item.read(in);
    List<UpdateOp> ops = UpdateOp.decodeAll(in);
    String custom = customFunction("update", at.stream());
    if (custom != null) {
      ObjectNode input = at.toInput();
      input.set("ops", in.get("ops").deepCopy());
      return delegateWrite(custom, input, ctx, "STREAM_UPDATE_ERROR", "StreamUpdateResult", at, true);
    }
    synchronized (lock) {
      Map<String, JsonNode> g = group(at.stream(), at.group(), true);
      JsonNode old = g.get(at.item());
      UpdateOps.Applied applied = UpdateOps.apply(old, ops);
      g.put(at.item(), applied.value());
      emit(at.stream(), at.group(), at.item(), old == null ? "create" : "update", applied.value());
      return done(oldNew(old, applied.value(), applied.errors()));
    }
  }

  /**
   * A set/delete/update handled by a custom stream: its result must decode as the engine's result struct
   * ({@code new_value} required for set/update), otherwise {@code JSON_ERROR}; no result is the op's own error
   * code. The engine still emits the change event itself. Errors of the function are answered unchanged.
   */
  private CompletionStage<Outcome> delegateWrite(String functionId, ObjectNode input, CallContext ctx,
      String noResultCode, String resultStruct, Item at, boolean hasNewValue) {
    return core.router().call(functionId, input, ctx.traceparent(), ctx.baggage()).thenApply(o -> {
      if (o.isError()) {
        return o;
      }
      JsonNode r = o.result();
      if (r == null) {
        return Outcome.error(noResultCode, "Function returned no result");
      }
      if (!r.isObject()) {
        return jsonError("invalid type: " + Json.describe(r) + ", expected struct " + resultStruct);
      }
      if (hasNewValue && r.get("new_value") == null) {
        return jsonError("missing field `new_value`");
      }
      JsonNode errors = r.get("errors");
      if (errors != null && !errors.isNull() && !errors.isArray()) {
        return jsonError("invalid type: " + Json.describe(errors) + ", expected a sequence");
      }
      JsonNode oldRaw = r.get("old_value");
      JsonNode old = oldRaw == null || oldRaw.isNull() ? null : oldRaw;
      synchronized (lock) {
        if (!hasNewValue) {
          if (old != null) {
            emit(at.stream(), at.group(), at.item(), "delete", old);
          }
        } else {
          emit(at.stream(), at.group(), at.item(), old == null ? "create" : "update", r.get("new_value"));
        }
      }
      if (!hasNewValue) {
        ObjectNode out = Json.object();
        out.set("old_value", old == null ? NullNode.getInstance() : old);
        return Outcome.ok(out);
      }
      return Outcome.ok(oldNew(old, r.get("new_value"), errors != null && errors.isArray() ? errors : null));
    });
  }

  private static Outcome jsonError(String detail) {
    return Outcome.error("JSON_ERROR", "Failed to convert result to value: " + detail);
  }

  // ---------------------------------------------------------------- listings and send

  private CompletionStage<Outcome> list(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamListInput");
    String stream = BuiltinInput.reqString(in, "stream_name");
    String groupId = BuiltinInput.reqString(in, "group_id");
    String custom = customFunction("list", stream);
    if (custom != null) {
      ObjectNode input = Json.object();
      input.put("stream_name", stream);
      input.put("group_id", groupId);
      return core.router().call(custom, input, ctx.traceparent(), ctx.baggage());
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    synchronized (lock) {
      Map<String, JsonNode> g = group(stream, groupId, false);
      if (g != null) {
        g.values().forEach(v -> out.add(v.deepCopy()));
      }
    }
    return done(out);
  }

  private CompletionStage<Outcome> listGroups(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamListGroupsInput");
    String stream = BuiltinInput.reqString(in, "stream_name");
    String custom = customFunction("list_groups", stream);
    if (custom != null) {
      ObjectNode input = Json.object();
      input.put("stream_name", stream);
      return core.router().call(custom, input, ctx.traceparent(), ctx.baggage());
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode(); // a bare array, unlike state::list_groups
    synchronized (lock) {
      Map<String, Map<String, JsonNode>> groups = streams.get(stream);
      if (groups != null) {
        groups.keySet().forEach(out::add);
      }
    }
    return done(out);
  }

  private CompletionStage<Outcome> listAll(JsonNode data, CallContext ctx) {
    BuiltinInput.struct(data, "StreamListAllInput");
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("stream");
    synchronized (lock) {
      for (Map.Entry<String, Map<String, Map<String, JsonNode>>> e : new TreeMap<>(streams).entrySet()) {
        ObjectNode s = list.addObject();
        s.put("id", e.getKey());
        ArrayNode groups = s.putArray("groups");
        new TreeSet<>(e.getValue().keySet()).forEach(groups::add);
      }
    }
    out.put("count", list.size());
    return done(out);
  }

  private CompletionStage<Outcome> send(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "StreamSendInput");
    String stream = BuiltinInput.reqString(in, "stream_name");
    String groupId = BuiltinInput.reqString(in, "group_id");
    String type = BuiltinInput.reqString(in, "type");
    JsonNode payload = Inputs.reqValue(in, "data").deepCopy();
    String id = BuiltinInput.optString(in, "id");
    ObjectNode event = Json.object();
    event.put("type", "event");
    ObjectNode inner = event.putObject("event");
    inner.put("type", type);
    inner.set("data", payload);
    synchronized (lock) {
      emitEvent(stream, groupId, id, event); // nothing is stored
    }
    // An explicit JSON null result, where most other empty answers omit `result` (ENGINE §14.3 item 21).
    return CompletableFuture.completedFuture(Outcome.ok(NullNode.getInstance()));
  }

  // ---------------------------------------------------------------- helpers

  /** The id of a worker's custom implementation of {@code op} for this stream, if one is registered. */
  private @Nullable String customFunction(String op, String stream) {
    String id = "stream::" + op + "(" + stream + ")";
    return core.functionSnapshot(f -> f.id().equals(id)).isEmpty() ? null : id;
  }

  /** Lock held. Returns null when absent and {@code create} is false. */
  private @Nullable Map<String, JsonNode> group(String stream, String groupId, boolean create) {
    if (!create) {
      Map<String, Map<String, JsonNode>> groups = streams.get(stream);
      return groups == null ? null : groups.get(groupId);
    }
    return streams.computeIfAbsent(stream, s -> new LinkedHashMap<>())
        .computeIfAbsent(groupId, g -> new LinkedHashMap<>());
  }

  private static ObjectNode oldNew(@Nullable JsonNode old, JsonNode now, @Nullable JsonNode errors) {
    ObjectNode o = Json.object();
    o.set("old_value", old == null ? NullNode.getInstance() : old.deepCopy());
    o.set("new_value", now.deepCopy());
    if (errors != null && !errors.isEmpty()) {
      o.set("errors", errors); // omitted when empty
    }
    return o;
  }

  /** Lock held: a create/update/delete event for one item. */
  private void emit(String stream, String groupId, String item, String type, JsonNode data) {
    ObjectNode event = Json.object();
    event.put("type", type);
    event.set("data", data.deepCopy());
    emitEvent(stream, groupId, item, event);
  }

  /** Lock held: wraps the event in the trigger payload (camelCase keys) and fires the matching triggers. */
  private void emitEvent(String stream, String groupId, @Nullable String item, ObjectNode event) {
    ObjectNode p = Json.object();
    p.put("type", "stream");
    p.put("timestamp", millis.getAsLong());
    p.put("streamName", stream);
    p.put("groupId", groupId);
    p.put("id", item);
    p.set("event", event);
    triggers.fire(t -> t.a().equals(stream) && matches(t.b(), groupId) && matches(t.itemId(), item), p);
  }

  /** A filter that is unset or empty matches anything; otherwise it must equal the value (null never does). */
  private static boolean matches(@Nullable String filter, @Nullable String value) {
    return filter == null || filter.isEmpty() || filter.equals(value);
  }
}
