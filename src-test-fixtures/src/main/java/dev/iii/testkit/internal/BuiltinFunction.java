package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/** An engine built-in: plain Java code run inline (never parked in the pending-invocation map). */
@FunctionalInterface
public interface BuiltinFunction {
  CompletionStage<Outcome> call(JsonNode input, CallContext context);
}
