package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineFunction;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One test per decoding rule of PROTOCOL §1.4 (and ENGINE §2.1), driven by raw JSON. */
class DecodingRulesTest {
  private static final String ID = "0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11";

  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();

  private static TestEngine engine() {
    return ENGINE.engine();
  }

  private static int dropped() {
    return engine().droppedFrames().size();
  }

  @Test
  void invokeWithoutDataKeyIsDroppedAndNeverAnswered() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + ID + "\",\"function_id\":\"engine::functions::list\"}");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertTrue(w.unconsumed().isEmpty(), "no answer, not even function_not_found: " + w.unconsumed());
      assertTrue(engine().droppedFrames().get(dropped() - 1).reason().contains("missing field `data`"));
    }
  }

  @Test
  void invokeWithNullDataIsAccepted() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      JsonNode r = w.callAndWait("nobody::here", "null");
      assertEquals("function_not_found", r.at("/error/code").asText());
    }
  }

  @Test
  void registerTriggerWithoutConfigKeyIsDroppedAndNotStored() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"registertrigger\",\"id\":\"no-config\",\"trigger_type\":\"http\",\"function_id\":\"a::b\"}");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertTrue(engine().triggers().stream().noneMatch(t -> t.id().equals("no-config")));
    }
  }

  @Test
  void registerTriggerWithNullConfigIsAcceptedAndStored() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registertrigger\",\"id\":\"null-config\",\"trigger_type\":\"engine::workers-available\",\"function_id\":\"a::b\",\"config\":null}");
      w.barrier();
      assertTrue(engine().triggers().stream().anyMatch(t -> t.id().equals("null-config") && t.config().isNull()));
    }
  }

  @Test
  void registerServiceWithNullNameIsDropped() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"registerservice\",\"id\":\"nullname\",\"name\":null}");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertTrue(engine().services().stream().noneMatch(s -> s.id().equals("nullname")));
    }
  }

  @Test
  void registerServiceWithoutOrWithEmptyNameUsesTheId() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registerservice\",\"id\":\"svc-empty\",\"name\":\"\"}");
      w.send("{\"type\":\"registerservice\",\"id\":\"svc-absent\",\"parent_service_id\":\"svc-empty\"}");
      w.barrier();
      assertTrue(engine().services().stream().anyMatch(s -> s.name().equals("svc-empty")));
      assertTrue(engine().services().stream().anyMatch(s -> s.name().equals("svc-absent")
          && "svc-empty".equals(s.parentServiceId())));
    }
  }

  @Test
  void httpInvocationWithNullHeadersIsDropped() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"registerfunction\",\"id\":\"ext::h\",\"invocation\":{\"url\":\"https://x.example\",\"headers\":null}}");
      w.barrier();
      assertEquals(before + 1, dropped());
    }
  }

  @Test
  void registerFunctionWithoutFormatsIsAcceptedWithNullFormats() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"registerfunction\",\"id\":\"rules::noformats\",\"description\":\"d\"}");
      engine().awaitFunction("rules::noformats");
      EngineFunction f = engine().functions().stream().filter(x -> x.id().equals("rules::noformats")).findFirst().get();
      assertEquals("d", f.description());
      assertNull(f.requestFormat());
      assertNull(f.responseFormat());
    }
  }

  @Test
  void invokeWithNullActionIsASynchronousCall() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + ID
          + "\",\"function_id\":\"engine::functions::list\",\"data\":{},\"action\":null}");
      assertTrue(w.awaitResult(ID).has("result"));
    }
  }

  @Test
  void nonUuidInvocationIdIsDropped() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"inv-42\",\"function_id\":\"engine::functions::list\",\"data\":{}}");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertTrue(w.unconsumed().isEmpty());
    }
  }

  @Test
  void everyUuidFormIsAcceptedAndEchoedLowerCaseHyphenated() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      for (String form : List.of("0B6A8D0E-4D55-4A8F-9D0E-3C6F7A2B1C11", "0b6a8d0e4d554a8f9d0e3c6f7a2b1c11",
          "{0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11}", "urn:uuid:0b6a8d0e-4d55-4a8f-9d0e-3c6f7a2b1c11")) {
        w.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + form
            + "\",\"function_id\":\"engine::functions::list\",\"data\":{}}");
        JsonNode r = w.awaitResult(ID);
        assertEquals(ID, r.get("invocation_id").asText(), form);
      }
    }
  }

  @Test
  void pingWithExtraFieldIsAnsweredWithPong() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"type\":\"ping\",\"x\":1}");
      assertEquals(RawWorker.parse("{\"type\":\"pong\"}"), w.awaitType("pong"));
    }
  }

  @Test
  void typeTagIsCaseSensitive() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"Ping\"}");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertTrue(w.unconsumed().isEmpty(), "no pong for Ping");
    }
  }

  @Test
  void typeMemberNeedNotComeFirst() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.send("{\"invocation_id\":\"" + ID + "\",\"function_id\":\"engine::functions::list\",\"data\":{},\"type\":\"invokefunction\"}");
      assertTrue(w.awaitResult(ID).has("result"));
    }
  }

  @Test
  void unknownTypeAndUnregisterTriggerTypeAreDroppedSilently() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"hello\",\"id\":\"x\"}");
      w.send("{\"type\":\"unregistertriggertype\",\"id\":\"webhook\"}");
      w.barrier();
      assertEquals(before + 2, dropped());
      assertTrue(w.unconsumed().isEmpty());
    }
  }

  @Test
  void unparsableJsonIsDroppedAndTheConnectionStaysOpen() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{not json");
      w.barrier();
      assertEquals(before + 1, dropped());
      assertFalse(w.closedFuture().isDone());
    }
  }

  @Test
  void emptyAndWhitespaceFramesAreSkipped() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      long accepted = engine().acceptedFrameCount();
      w.send("");
      w.send("  \n\t ");
      w.barrier();
      assertEquals(before, dropped());
      assertEquals(accepted + 1, engine().acceptedFrameCount(), "only the barrier call counts");
    }
  }

  @Test
  void binaryFrameWithoutTelemetryPrefixIsParsedAsAProtocolMessage() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      w.sendBinary(("{\"type\":\"invokefunction\",\"invocation_id\":\"" + ID
          + "\",\"function_id\":\"engine::functions::list\",\"data\":{}}").getBytes(StandardCharsets.UTF_8));
      assertTrue(w.awaitResult(ID).has("result"));
    }
  }

  @Test
  void invocationResultWhoseErrorLacksMessageIsDropped() throws Exception {
    try (RawWorker w = RawWorker.connect(engine().url())) {
      int before = dropped();
      w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + ID
          + "\",\"function_id\":\"f\",\"error\":{\"code\":\"invocation_failed\"}}");
      w.barrier();
      assertEquals(before + 1, dropped());
    }
  }
}
