package dev.iii.testkit.v023;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.RawWorker;
import java.util.List;

/** Raw JSON frames and helpers shared by the 0.23-mode tests (no SDK involved). */
final class Wire023 {
  private Wire023() {}

  static TestEngine start(EngineVersion version) {
    return TestEngine.start(TestEngineOptions.newBuilder().engineVersion(version).build());
  }

  static String registerFunction(String id) {
    return "{\"type\":\"registerfunction\",\"id\":\"" + id + "\"}";
  }

  /** A synchronous engine::workers::register call; returns its invocation id. */
  static String registerWorker(RawWorker w, String name, String namespaceJson) {
    String id = java.util.UUID.randomUUID().toString();
    String ns = namespaceJson == null ? "" : ",\"namespace\":" + namespaceJson;
    w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + id + "\",\"function_id\":\"engine::workers::register\","
        + "\"data\":{\"runtime\":\"java\",\"name\":\"" + name + "\"" + ns + "}}");
    return id;
  }

  /** Registers the worker (name, namespace) and waits until the engine answered. */
  static JsonNode registerWorkerAndWait(RawWorker w, String name, String namespaceJson) {
    return w.awaitResult(registerWorker(w, name, namespaceJson));
  }

  static String reattachToken(RawWorker w) {
    return w.received().get(0).path("reattach_token").asText(null);
  }

  static List<JsonNode> framesOfType(RawWorker w, String type) {
    return w.received().stream().filter(f -> type.equals(f.path("type").asText())).toList();
  }
}
