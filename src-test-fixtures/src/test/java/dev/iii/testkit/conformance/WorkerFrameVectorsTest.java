package dev.iii.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.DroppedFrame;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineExtension;
import dev.iii.testkit.support.RawWorker;
import dev.iii.testkit.support.Vectors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every worker-to-engine vector ({@code w2e-*.json}, top level and {@code builtins/}) is sent as raw text on its
 * own connection; the engine must decode it or drop it exactly as {@code engine_accepts} says. "Decoded" is
 * observed through {@link TestEngine#acceptedFrameCount()} and {@link TestEngine#droppedFrames()}, after a
 * built-in call used as barrier (one connection's frames are handled in order). A dropped frame gets no answer at all.
 */
class WorkerFrameVectorsTest {
  /** A serde artifact no SDK sends; the vectors README allows leaving it out. */
  private static final String SKIPPED = "w2e-envelope-array-form.json";

  @RegisterExtension
  static final TestEngineExtension ENGINE = new TestEngineExtension();

  @Test
  void allWorkerVectorsAreFound() {
    assertEquals(109, Vectors.list("", "w2e-").size(), "top-level w2e vectors (README says 109)");
  }

  @TestFactory
  Stream<DynamicTest> everyWorkerFrameIsAcceptedOrDroppedAsTheEngineDoes() {
    List<String> files = Stream.concat(Vectors.list("", "w2e-").stream(), Vectors.list("builtins", "w2e-").stream())
        .filter(f -> !f.endsWith(SKIPPED))
        .toList();
    return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> check(f)));
  }

  private static void check(String file) throws Exception {
    JsonNode vector = Vectors.load(file);
    boolean accepts = vector.get("engine_accepts").asBoolean();
    String text = Vectors.wireText(vector);
    TestEngine engine = ENGINE.engine();
    try (RawWorker w = RawWorker.connect(engine.url())) {
      long acceptedBefore = engine.acceptedFrameCount();
      int droppedBefore = engine.droppedFrames().size();
      w.send(text);
      w.barrier(); // the barrier call itself is one more accepted frame
      long accepted = engine.acceptedFrameCount() - acceptedBefore - 1;
      List<DroppedFrame> dropped = engine.droppedFrames();
      int droppedNow = dropped.size() - droppedBefore;
      if (accepts) {
        assertEquals(1, accepted, file + " must be decoded: " + text);
        assertEquals(0, droppedNow, file + " must not be dropped: " + dropped);
      } else {
        assertEquals(0, accepted, file + " must be dropped: " + text);
        assertEquals(1, droppedNow, file + " must be recorded as dropped");
        DroppedFrame d = dropped.get(dropped.size() - 1);
        assertEquals(text, d.frame());
        assertEquals(w.workerId(), d.workerId());
        assertFalse(d.reason().isBlank());
        assertTrue(w.unconsumed().isEmpty(), "nothing is sent back for a dropped frame: " + w.unconsumed());
      }
    }
  }
}
