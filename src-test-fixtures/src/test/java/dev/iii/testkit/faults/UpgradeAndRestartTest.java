package dev.iii.testkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.support.RawWorker;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refused upgrades, and restart on the same port with nothing kept. */
class UpgradeAndRestartTest {

  private static int refusedStatus(String url) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> RawClient.connect(url).close());
    return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
  }

  @Test
  void theNextUpgradesAreAnsweredWithTheChosenStatusThenAcceptedAgain() throws Exception {
    try (TestEngine engine = TestEngine.start()) {
      engine.faults().rejectUpgrades(2, 503);
      assertEquals(503, refusedStatus(engine.url()));
      assertEquals(503, refusedStatus(engine.url()));
      try (RawWorker worker = RawWorker.connect(engine.url())) {
        worker.barrier();
      }
      assertEquals(3, engine.upgradeRequests().size()); // refused attempts are still recorded
    }
  }

  @Test
  void restartAbortsLiveSocketsAndStartsAFreshEngineOnTheSamePort() throws Exception {
    try (TestEngine engine = TestEngine.start()) {
      int port = engine.port();
      RawWorker before = RawWorker.connect(engine.url());
      before.send("{\"type\":\"registerfunction\",\"id\":\"restart::f\"}");
      engine.awaitFunction("restart::f");
      engine.faults().rejectUpgrades(1, 502); // faults are the test's setup: they survive the restart

      engine.restart();

      before.closedFuture().get(10, TimeUnit.SECONDS); // the old socket was aborted, not left up
      assertEquals(port, engine.port());
      assertEquals("ws://127.0.0.1:" + port, engine.url());
      assertEquals(List.of(), engine.functions());
      assertEquals(List.of(), engine.workers());
      assertEquals(List.of(), engine.upgradeRequests());
      assertEquals(502, refusedStatus(engine.url()));
      try (RawWorker after = RawWorker.connect(engine.url())) {
        assertNotEquals(before.workerId(), after.workerId());
        assertEquals("function_not_found", after.callAndWait("restart::f", "{}").path("error").path("code").asText());
        assertEquals(1, engine.workers().size());
      }
    }
  }

  @Test
  void aClosedEngineCannotBeRestarted() {
    TestEngine engine = TestEngine.start();
    engine.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, engine::restart);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}
