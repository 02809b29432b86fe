package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mandatory engine built-ins (ENGINE §7.1 and the log/baggage part of §7.6) as plain Java functions.
 * Inputs are read like the engine's serde structs, so {@code "data": null} answers {@code deserialization_error}.
 */
final class Builtins {
  private static final Logger LOG = LoggerFactory.getLogger("dev.iii.testkit.engine-log");
  static final String ENGINE_VERSION = "0.11.6";
  private static final BigInteger USIZE_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
  private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

  private final EngineCore core;

  private Builtins(EngineCore core) {
    this.core = core;
  }

  static void install(EngineCore core) {
    Builtins b = new Builtins(core);
    core.registerBuiltin("engine::workers::register", "Register worker metadata", b::workersRegister);
    core.registerBuiltin("engine::workers::list", "List all workers with their metrics", b::workersList);
    core.registerBuiltin("engine::functions::list", "List all registered functions", b::functionsList);
    core.registerBuiltin("engine::triggers::list", "List all registered triggers", b::triggersList);
    core.registerBuiltin("engine::trigger-types::list", "List all registered trigger types", b::triggerTypesList);
    core.registerBuiltin("engine::channels::create", "Create a streaming channel pair", b::channelsCreate);
    for (String level : List.of("info", "warn", "error", "debug", "trace")) {
      core.registerBuiltin("engine::log::" + level, "Log a message at " + level + " level",
          (in, ctx) -> b.log(level, in, ctx));
    }
    core.registerBuiltin("engine::baggage::get", "Get a baggage value", b::baggageGet);
    core.registerBuiltin("engine::baggage::set", "Set a baggage value", b::baggageSet);
    core.registerBuiltin("engine::baggage::get_all", "Get all baggage values", b::baggageGetAll);
  }

  private static CompletionStage<Outcome> done(@Nullable JsonNode result) {
    return CompletableFuture.completedFuture(result == null ? Outcome.noResult() : Outcome.ok(result));
  }

  // ---------------------------------------------------------------- workers

  private CompletionStage<Outcome> workersRegister(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "RegisterWorkerInput");
    String workerId = BuiltinInput.reqString(in, "_caller_worker_id"); // injected by the engine for worker calls
    BuiltinInput.optString(in, "runtime");
    BuiltinInput.optString(in, "version");
    BuiltinInput.optString(in, "name");
    BuiltinInput.optString(in, "os");
    BuiltinInput.optString(in, "isolation");
    BuiltinInput.optUnsigned(in, "pid", "u32", U32_MAX);
    BuiltinInput.optObject(in, "telemetry", "WorkerConnectionTelemetryMeta");
    UUID id;
    try {
      id = Uuids.parse(workerId);
    } catch (IllegalArgumentException e) {
      return done(successTrue()); // an unparsable id still answers success (ENGINE §7.1)
    }
    if (core.isV023()) {
      // PROTOCOL §10.3: the connection's namespace and its worker-name claim.
      String namespace = BuiltinInput.optString(in, "namespace");
      if (namespace != null && namespace.isBlank()) {
        return CompletableFuture.completedFuture(Outcome.error("INVALID_NAMESPACE", "namespace must not be blank"));
      }
      UUID holder = core.claimWorkerNamespace(id, namespace == null ? Namespaces.DEFAULT : namespace,
          BuiltinInput.optString(in, "name"));
      if (holder != null) {
        return CompletableFuture.completedFuture(Outcome.error("WORKER_NAMESPACE_CONFLICT",
            "worker name is held by " + holder));
      }
    }
    if (core.updateMetadata(id, in)) {
      core.triggerHub().fireWorkersAvailable("worker_metadata_updated", id);
    }
    return done(successTrue());
  }

  private static ObjectNode successTrue() {
    ObjectNode o = Json.object();
    o.put("success", true);
    return o;
  }

  private CompletionStage<Outcome> workersList(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "WorkersListInput");
    String only = BuiltinInput.optString(in, "worker_id");
    List<ObjectNode> infos = new ArrayList<>();
    for (WorkerConnection c : core.workerSnapshot()) {
      EngineCore.WorkerView v = core.view(c);
      boolean wanted = only != null ? c.id().toString().equals(only) : v.pid() != null;
      if (wanted) {
        infos.add(workerInfo(v));
      }
    }
    ObjectNode self = engineFunctionsInfo();
    if (only == null || only.equals(self.get("id").asText())) {
      infos.add(self);
    }
    infos.sort(Comparator.comparing((ObjectNode o) -> o.get("name").isNull() ? o.get("id").asText() : o.get("name").asText())
        .thenComparing(o -> o.get("id").asText()));
    ObjectNode out = Json.object();
    out.put("timestamp", System.currentTimeMillis());
    ArrayNode workers = out.putArray("workers");
    infos.forEach(workers::add);
    return done(out);
  }

  private static ObjectNode workerInfo(EngineCore.WorkerView v) {
    ObjectNode o = Json.object();
    o.put("active_invocations", v.activeInvocations());
    o.put("connected_at_ms", v.connection().connectedAt().toEpochMilli());
    o.put("function_count", v.functionIds().size());
    ArrayNode fns = o.putArray("functions");
    v.functionIds().forEach(fns::add);
    o.put("id", v.connection().id().toString());
    o.put("internal", false);
    o.put("ip_address", v.connection().ipAddress());
    if (v.isolation() != null) {
      o.put("isolation", v.isolation());
    }
    o.putNull("latest_metrics");
    o.put("name", v.name());
    o.put("os", v.os());
    if (v.pid() != null) {
      o.put("pid", v.pid());
    }
    o.put("runtime", v.runtime() == null ? "unknown" : v.runtime());
    o.put("status", "connected");
    o.put("version", v.version());
    return o;
  }

  /** The in-process entry for this module, as the real list shows one per engine module. */
  private ObjectNode engineFunctionsInfo() {
    List<String> ids = List.of("engine::channels::create", "engine::functions::list", "engine::trigger-types::list",
        "engine::triggers::list", "engine::workers::list", "engine::workers::register");
    ObjectNode o = Json.object();
    o.put("active_invocations", 0);
    o.put("connected_at_ms", STARTED.toEpochMilli());
    o.put("function_count", ids.size());
    ArrayNode fns = o.putArray("functions");
    ids.forEach(fns::add);
    o.put("id", "iii-engine-functions");
    o.put("internal", true);
    o.putNull("ip_address");
    o.put("isolation", "in-process");
    o.putNull("latest_metrics");
    o.put("name", "iii-engine-functions");
    o.putNull("os");
    o.put("runtime", "engine");
    o.put("status", "available");
    o.put("version", ENGINE_VERSION);
    return o;
  }

  private static final Instant STARTED = Instant.now();

  // ---------------------------------------------------------------- listings

  private CompletionStage<Outcome> functionsList(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "FunctionsListInput");
    boolean internal = Boolean.TRUE.equals(BuiltinInput.optBool(in, "include_internal"));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("functions");
    for (FunctionEntry f : core.functionSnapshot(f -> internal || !f.id().startsWith("engine::"))) {
      list.add(functionInfo(f));
    }
    return done(out);
  }

  /** FunctionInfo: all five keys, null when unset. */
  static ObjectNode functionInfo(FunctionEntry f) {
    ObjectNode o = Json.object();
    o.put("description", f.description());
    o.put("function_id", f.id());
    o.set("metadata", orNull(f.metadata()));
    o.set("request_format", orNull(f.requestFormat()));
    o.set("response_format", orNull(f.responseFormat()));
    return o;
  }

  private CompletionStage<Outcome> triggersList(JsonNode data, CallContext ctx) {
    // Struct name as in the engine source (assumed for 0.11.6, see report).
    ObjectNode in = BuiltinInput.struct(data, "RegisteredTriggersListInput");
    boolean internal = Boolean.TRUE.equals(BuiltinInput.optBool(in, "include_internal"));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("triggers");
    for (TriggerEntry t : core.triggerSnapshot()) {
      if (!internal && t.functionId().startsWith("engine::")) {
        continue;
      }
      ObjectNode o = list.addObject();
      o.set("config", t.config());
      o.put("function_id", t.functionId());
      o.put("id", t.id());
      if (t.metadata() != null) {
        o.set("metadata", t.metadata());
      }
      o.put("trigger_type", t.triggerType());
    }
    return done(out);
  }

  private CompletionStage<Outcome> triggerTypesList(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "TriggersListInput");
    boolean internal = Boolean.TRUE.equals(BuiltinInput.optBool(in, "include_internal"));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("trigger_types");
    for (TriggerTypeEntry t : core.triggerTypeSnapshot()) {
      if (!internal && t.id().startsWith("engine::")) {
        continue;
      }
      ObjectNode o = list.addObject();
      if (t.callRequestFormat() != null) {
        o.set("call_request_format", t.callRequestFormat());
      }
      o.put("description", t.description());
      o.put("id", t.id());
      if (t.triggerRequestFormat() != null) {
        o.set("trigger_request_format", t.triggerRequestFormat());
      }
    }
    return done(out);
  }

  private static JsonNode orNull(@Nullable JsonNode n) {
    return n == null ? NullNode.getInstance() : n;
  }

  // ---------------------------------------------------------------- channels

  private CompletionStage<Outcome> channelsCreate(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "CreateChannelInput");
    Long requested = BuiltinInput.optUnsigned(in, "buffer_size", "usize", USIZE_MAX);
    // The hub applies the engine's defaults and caps (null → 64, above 1024 → 1024, 0 → 1).
    return done(core.channels().create(requested).toResult());
  }

  // ---------------------------------------------------------------- observability (log, baggage)

  private CompletionStage<Outcome> log(String level, JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "LogInput");
    String message = BuiltinInput.reqString(in, "message");
    BuiltinInput.optString(in, "trace_id");
    BuiltinInput.optString(in, "span_id");
    BuiltinInput.optString(in, "service_name");
    JsonNode extra = in.get("data");
    String worker = ctx.caller() == null ? null : ctx.caller().id().toString();
    core.recordings().log(new Recordings.Log(level, message, extra == null || extra.isNull() ? null : extra, worker));
    LOG.info("[{}] {}", level.toUpperCase(java.util.Locale.ROOT), message);
    return done(null); // no result
  }

  private CompletionStage<Outcome> baggageGet(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "BaggageGetInput");
    String key = BuiltinInput.reqString(in, "key");
    ObjectNode out = Json.object();
    out.put("value", parseBaggage(ctx.baggage()).path(key).textValue());
    return done(out);
  }

  private CompletionStage<Outcome> baggageSet(JsonNode data, CallContext ctx) {
    ObjectNode in = BuiltinInput.struct(data, "BaggageSetInput");
    BuiltinInput.reqString(in, "key");
    BuiltinInput.reqString(in, "value");
    ObjectNode out = Json.object();
    out.put("success", true);
    out.put("note", "Baggage set in new context. For propagation, use SDK-level baggage headers.");
    return done(out);
  }

  private CompletionStage<Outcome> baggageGetAll(JsonNode data, CallContext ctx) {
    BuiltinInput.struct(data, "BaggageGetAllInput");
    ObjectNode out = Json.object();
    out.set("baggage", parseBaggage(ctx.baggage()));
    return done(out);
  }

  /** W3C baggage header "k=v;props,k2=v2" as a map of decoded keys to decoded values. */
  static ObjectNode parseBaggage(@Nullable String header) {
    ObjectNode map = Json.object();
    if (header == null) {
      return map;
    }
    for (String member : header.split(",")) {
      String kv = member.split(";", 2)[0].trim();
      int eq = kv.indexOf('=');
      if (eq > 0) {
        map.put(URLDecoder.decode(kv.substring(0, eq).trim(), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(eq + 1).trim(), StandardCharsets.UTF_8));
      }
    }
    return map;
  }
}
