package dev.iii.sdk.v023;

import static dev.iii.sdk.v023.V023Support.await;
import static dev.iii.sdk.v023.V023Support.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.testkit.EngineVersion;
import dev.iii.testkit.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Newer engines send message types and fields this SDK does not know (PROTOCOL §10): they are ignored, without
 * logging above DEBUG, and the connection carries on.
 */
class UnknownFramesTest {

  @Test
  void unknownTypesAndMembersAreIgnoredQuietly() {
    Logger sdk = (Logger) LoggerFactory.getLogger("dev.iii.sdk");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    sdk.addAppender(captured);
    try (TestEngine engine = engine(EngineVersion.V0_23)) {
      III worker = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("quiet").build());
      try {
        worker.registerFunction(FunctionDef.json("quiet::f", (in, ctx) -> Map.of("ok", true)));
        await(worker.awaitRegistrations());
        assertTrue(engine.sendRaw(worker.workerId(), "{\"type\":\"somethingfromthefuture\",\"x\":{\"y\":[1,2]}}"));
        assertTrue(engine.sendRaw(worker.workerId(), "{\"type\":\"pong\",\"new_member\":42}"));
        // The frames above were queued before this call's invocation; its answer proves they were processed.
        assertTrue(worker.call("quiet::f", Map.of()).path("ok").asBoolean());

        assertEquals(ConnectionState.CONNECTED, worker.connectionState());
        List<ILoggingEvent> loud = captured.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
            .filter(e -> e.getFormattedMessage().contains("somethingfromthefuture")
                || e.getFormattedMessage().contains("new_member"))
            .toList();
        assertTrue(loud.isEmpty(), "logged above DEBUG: " + loud);
      } finally {
        worker.shutdown();
      }
    } finally {
      sdk.detachAppender(captured);
    }
  }
}
