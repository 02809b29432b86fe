package dev.iii.sdk.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iii.sdk.EnqueueResult;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.FunctionRef;
import dev.iii.sdk.HttpAuth;
import dev.iii.sdk.HttpInvocationConfig;
import dev.iii.sdk.IIIException;
import dev.iii.sdk.ShutdownException;
import dev.iii.sdk.TriggerAction;
import dev.iii.sdk.TriggerDef;
import dev.iii.sdk.TriggerHandler;
import dev.iii.sdk.TriggerRef;
import dev.iii.sdk.TriggerRequest;
import dev.iii.sdk.TriggerTypeDef;
import dev.iii.sdk.TriggerTypeRef;
import dev.iii.sdk.internal.wire.WireMessage;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's trigger, trigger-type, enqueue and HTTP-function operations (kept out of {@link WorkerRuntime}, which
 * only delegates here).
 */
final class TriggerOperations {
  private static final Logger log = LoggerFactory.getLogger(TriggerOperations.class);

  private final WorkerCore core;

  TriggerOperations(WorkerCore core) {
    this.core = core;
  }

  // ---- triggers --------------------------------------------------------------------------------------------

  TriggerRef registerTrigger(TriggerDef def) {
    Objects.requireNonNull(def, "def");
    checkOpen();
    // A v4 UUID chosen here, as both reference SDKs do; it is kept for the trigger's life, across reconnects.
    String id = UUID.randomUUID().toString();
    WireMessage.RegisterTrigger msg =
        new WireMessage.RegisterTrigger(id, def.type(), def.functionId(), toJson(def.config(), "config"),
            def.metadata(), def.namespace(), null);
    core.triggerRegistry.addTrigger(msg);
    return new TriggerRef() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String type() {
        return def.type();
      }

      @Override
      public String functionId() {
        return def.functionId();
      }

      @Override
      public void unregister() {
        core.triggerRegistry.removeTrigger(id);
        core.triggerErrors.forget(id);
      }

      @Override
      public java.util.Optional<dev.iii.sdk.InvocationException> registrationError() {
        return core.triggerErrors.get(id);
      }

      @Override
      public String toString() {
        return "TriggerRef{" + id + ", " + def.type() + " -> " + def.functionId() + "}";
      }
    };
  }

  <C> TriggerTypeRef<C> registerTriggerType(TriggerTypeDef<C> def, TriggerHandler<C> handler) {
    Objects.requireNonNull(def, "def");
    Objects.requireNonNull(handler, "handler");
    checkOpen();
    JsonNode triggerFormat =
        def.triggerRequestFormat() != null ? def.triggerRequestFormat() : Formats.derive(def.configType());
    JsonNode callFormat =
        def.callRequestFormat() != null
            ? def.callRequestFormat()
            : def.callRequestType() != null ? Formats.derive(def.callRequestType()) : null;
    TriggerTypeEntry entry =
        new TriggerTypeEntry(
            def, handler,
            new WireMessage.RegisterTriggerType(def.id(), def.description(), triggerFormat, callFormat, null));
    core.triggerRegistry.addType(entry);
    return new TriggerTypeRef<>() {
      @Override
      public String id() {
        return def.id();
      }

      @Override
      public TriggerRef registerTrigger(String functionId, @Nullable C config, @Nullable JsonNode metadata) {
        return TriggerOperations.this.registerTrigger(new TriggerDef(def.id(), functionId, config, metadata));
      }

      @Override
      public FunctionRef registerFunction(FunctionDef<?, ?> fn) {
        return core.facade.registerFunction(fn);
      }

      @Override
      public void unregister() {
        core.triggerRegistry.removeType(def.id(), entry);
      }

      @Override
      public String toString() {
        return "TriggerTypeRef{" + def.id() + "}";
      }
    };
  }

  void unregisterTriggerType(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("trigger type id is required");
    }
    if (!core.triggerRegistry.removeType(id, null)) {
      log.debug("unregisterTriggerType({}): not registered on this worker", id);
    }
  }

  // ---- enqueue ---------------------------------------------------------------------------------------------

  CompletionStage<EnqueueResult> enqueueAsync(String queue, String functionId, @Nullable Object payload) {
    TriggerRequest request = TriggerRequest.of(functionId, payload).withAction(TriggerAction.enqueue(queue));
    return core.facade.triggerAsync(request).thenApply(TriggerOperations::receipt);
  }

  EnqueueResult enqueue(String queue, String functionId, @Nullable Object payload) {
    ThreadGuard.checkMayBlock("enqueue", "enqueueAsync");
    return WorkerRuntime.await(enqueueAsync(queue, functionId, payload));
  }

  private static EnqueueResult receipt(@Nullable JsonNode result) {
    JsonNode id = result == null ? null : result.get("messageReceiptId");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new IIIException("the engine accepted the enqueue but sent no messageReceiptId: " + result);
    }
    return new EnqueueResult(id.asText());
  }

  // ---- HTTP-invoked functions ------------------------------------------------------------------------------

  FunctionRef registerHttpFunction(
      String id, HttpInvocationConfig config, @Nullable String description, @Nullable JsonNode metadata) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("function id is required (got a blank id)");
    }
    Objects.requireNonNull(config, "config");
    checkOpen();
    WireMessage.RegisterFunction msg =
        new WireMessage.RegisterFunction(id, description, null, null, metadata, toWire(config));
    FunctionEntry entry = new FunctionEntry(msg);
    core.addFunction(entry);
    return new FunctionRef() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void unregister() {
        core.removeFunction(entry);
      }
    };
  }

  /** PROTOCOL §2.14.3: method always sent (upper case), headers omitted when empty, never null. */
  static WireMessage.HttpInvocation toWire(HttpInvocationConfig c) {
    return new WireMessage.HttpInvocation(
        c.url(),
        c.method(),
        c.timeout() != null ? c.timeout().toMillis() : null,
        c.headers().isEmpty() ? null : c.headers(),
        toWire(c.auth()));
  }

  private static WireMessage.@Nullable HttpAuth toWire(@Nullable HttpAuth auth) {
    if (auth == null) {
      return null;
    }
    if (auth instanceof HttpAuth.Bearer b) {
      return new WireMessage.HttpAuth.Bearer(b.tokenEnvVar());
    }
    if (auth instanceof HttpAuth.Hmac h) {
      return new WireMessage.HttpAuth.Hmac(h.secretEnvVar());
    }
    HttpAuth.ApiKey k = (HttpAuth.ApiKey) auth;
    return new WireMessage.HttpAuth.ApiKey(k.header(), k.valueEnvVar());
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private JsonNode toJson(@Nullable Object value, String what) {
    try {
      JsonNode n = core.payloads.toResult(value);
      return n != null ? n : NullNode.getInstance();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "trigger " + what + " of type " + value.getClass().getName() + " cannot be written as JSON: "
              + e.getMessage(), e);
    }
  }


  private void checkOpen() {
    if (core.closing) {
      throw new ShutdownException("worker is shut down", null, null);
    }
  }
}
