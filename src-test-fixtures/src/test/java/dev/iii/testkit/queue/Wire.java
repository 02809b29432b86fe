package dev.iii.testkit.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.support.RawWorker;
import java.util.UUID;

/** Raw frames used by the cron, queue and pub/sub tests (never the SDK). */
public final class Wire {
  private Wire() {}

  public static void registerFunction(RawWorker w, String id) {
    w.send("{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}");
  }

  public static void registerTrigger(RawWorker w, String id, String type, String functionId, String configJson) {
    w.send("{\"type\":\"registertrigger\",\"id\":\"" + id + "\",\"trigger_type\":\"" + type + "\",\"function_id\":\""
        + functionId + "\",\"config\":" + configJson + "}");
  }

  public static void unregisterTrigger(RawWorker w, String id) {
    w.send("{\"type\":\"unregistertrigger\",\"id\":\"" + id + "\"}");
  }

  /** Waits for the next engine call of {@code functionId} to this worker. */
  public static JsonNode awaitInvoke(RawWorker w, String functionId) {
    return w.awaitFrame(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText()));
  }

  public static long pendingInvokes(RawWorker w, String functionId) {
    return w.unconsumed().stream().filter(f -> "invokefunction".equals(f.path("type").asText())
        && functionId.equals(f.path("function_id").asText())).count();
  }

  public static void answerOk(RawWorker w, JsonNode invoke) {
    w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText() + "\",\"result\":{\"ok\":true}}");
  }

  public static void answerError(RawWorker w, JsonNode invoke) {
    w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + invoke.get("invocation_id").asText()
        + "\",\"function_id\":\"" + invoke.get("function_id").asText()
        + "\",\"error\":{\"code\":\"invocation_failed\",\"message\":\"boom\"}}");
  }

  /** Sends an enqueue action with an invocation id and returns that id. */
  public static String enqueue(RawWorker w, String queue, String functionId, String dataJson) {
    String id = UUID.randomUUID().toString();
    w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"" + functionId
        + "\",\"data\":" + dataJson + ",\"action\":{\"type\":\"enqueue\",\"queue\":\"" + queue + "\"}}");
    return id;
  }
}
