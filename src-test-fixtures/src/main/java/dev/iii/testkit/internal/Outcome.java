package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The end of one invocation as the engine sees it. {@code result} is Java-null for "no value" (the
 * {@code result} key is then omitted) and a {@code NullNode} for an explicit JSON null; {@code error} wins.
 */
public record Outcome(@Nullable JsonNode result, Inbound.@Nullable ErrorBody error) {

  public static Outcome ok(@Nullable JsonNode result) {
    return new Outcome(result, null);
  }

  public static Outcome noResult() {
    return new Outcome(null, null);
  }

  public static Outcome error(String code, String message) {
    return new Outcome(null, new Inbound.ErrorBody(code, message, null));
  }

  public static Outcome functionNotFound(String functionId) {
    return error("function_not_found", "Function " + functionId + " not found");
  }

  public static Outcome invocationStopped() {
    return error("invocation_stopped", "Invocation stopped");
  }

  public static Outcome channelSendFailed() {
    return error("channel_send_failed", "channel closed");
  }

  /** What the first waiter gets when its invocation id is reused while it is still pending. */
  public static Outcome replacedWaiter() {
    return error("invocation_error", "channel closed");
  }

  public boolean isError() {
    return error != null;
  }
}
