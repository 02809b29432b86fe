package dev.iii.sdk.resilience;

import static dev.iii.sdk.resilience.Waits.await;
import static dev.iii.sdk.resilience.Waits.awaitCondition;
import static dev.iii.sdk.resilience.Waits.fastRetries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.sdk.ConnectionEvent;
import dev.iii.sdk.ConnectionEvent.Kind;
import dev.iii.sdk.ConnectionState;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.TestSupport;
import dev.iii.sdk.WorkerFailedException;
import dev.iii.testkit.FaultProxy;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: the NATS-style listener events. The exact sequence of a dropped and re-established connection
 * (DISCONNECTED, RECONNECTING, CONNECTING, RECONNECTED, RE_REGISTERED), of shutdown (CLOSED), and of a restart from
 * FAILED (CONNECTED again, not RECONNECTED); each event's state, worker id, cause and time; all heard on the
 * callback executor.
 */
class ConnectionEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CALLBACK_THREAD = "events-callbacks";

  /** A single thread: events are then heard in the order they were fired, and the thread can be checked. */
  private ExecutorService callbacks;

  private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startCallbacks() {
    callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, CALLBACK_THREAD));
  }

  @AfterEach
  void stopCallbacks() {
    callbacks.shutdownNow();
  }

  private III connect(String url, int maxRetries) {
    III worker = III.registerWorker(url, InitOptions.newBuilder()
        .reconnection(fastRetries(maxRetries))
        .callbackExecutor(callbacks)
        .build());
    worker.registerFunction(FunctionDef.json("events::echo", (in, ctx) -> in));
    await(worker.awaitRegistrations(), WAIT);
    worker.addConnectionListener(e -> {
      events.add(e);
      threads.add(Thread.currentThread().getName());
    });
    return worker;
  }

  @Test
  void anEngineRestartIsHeardAsDisconnectedReconnectingReconnectedReRegisteredThenClosed() throws Exception {
    try (TestEngine engine = TestSupport.startEngine()) {
      III worker = connect(engine.url(), -1);
      String firstId = worker.workerId();
      assertEquals(ConnectionState.CONNECTED, worker.connectionState());
      assertNotNull(firstId);
      Instant before = Instant.now();
      try {
        engine.restart();
        awaitCondition(WAIT, () -> worker.workerId() != null && !worker.workerId().equals(firstId)
            && kinds(afterFirstConnection(firstId)).endsWith("RE_REGISTERED"), "re-registered; events: " + events);
        String newId = worker.workerId();

        List<ConnectionEvent> seq = afterFirstConnection(firstId);
        // The first retry can be refused while the engine rebinds: such attempts add CONNECTING RECONNECTING pairs.
        assertSequence("DISCONNECTED RECONNECTING (CONNECTING RECONNECTING )*CONNECTING RECONNECTED RE_REGISTERED", seq);

        ConnectionEvent disconnected = seq.get(0);
        assertEquals(ConnectionState.DISCONNECTED, disconnected.state());
        assertEquals(firstId, disconnected.workerId(), "DISCONNECTED names the connection that was lost");
        assertNotNull(disconnected.cause(), "DISCONNECTED carries why");

        ConnectionEvent reconnecting = seq.get(1);
        assertEquals(ConnectionState.RECONNECTING, reconnecting.state());
        assertNull(reconnecting.workerId(), "no worker id while reconnecting");
        assertNotNull(reconnecting.cause());

        ConnectionEvent connecting = ofKind(seq, Kind.CONNECTING).get(0);
        assertEquals(ConnectionState.CONNECTING, connecting.state());
        assertNull(connecting.workerId());

        ConnectionEvent reconnected = ofKind(seq, Kind.RECONNECTED).get(0);
        assertEquals(ConnectionState.CONNECTED, reconnected.state());
        assertEquals(newId, reconnected.workerId());
        assertNull(reconnected.cause());

        ConnectionEvent reRegistered = seq.get(seq.size() - 1);
        assertEquals(ConnectionState.CONNECTED, reRegistered.state());
        assertEquals(newId, reRegistered.workerId());
        assertNull(reRegistered.cause());
        assertTrue(ofKind(seq, Kind.CONNECTED).isEmpty(), "a reconnect is RECONNECTED, not CONNECTED: " + seq);
        assertTimes(seq, before);

        engine.awaitFunction("events::echo");
        assertEquals("x", worker.call("events::echo", "x").asText(), "the worker is usable again");

        int beforeShutdown = events.size();
        worker.shutdown();
        awaitCondition(WAIT, () -> events.stream().anyMatch(e -> e.kind() == Kind.CLOSED), "CLOSED");
        List<ConnectionEvent> closing = events.subList(beforeShutdown, events.size());
        assertSequence("CLOSED", closing); // shutdown is not a DISCONNECTED
        ConnectionEvent closed = closing.get(0);
        assertEquals(ConnectionState.CLOSED, closed.state());
        assertNull(closed.workerId());
        assertNull(closed.cause());
        assertTimes(afterFirstConnection(firstId), before);
        assertOnCallbackThread();
      } finally {
        worker.shutdown();
      }
    }
  }

  @Test
  void aRestartFromFailedIsConnectedAgainAndItsNextDropReconnected() throws Exception {
    try (TestEngine engine = TestSupport.startEngine();
        FaultProxy proxy = FaultProxy.start("127.0.0.1", engine.port())) {
      III worker = connect(proxy.url("ws"), 2);
      String firstId = worker.workerId();
      try {
        proxy.refuseNewConnections(true);
        proxy.cutAll();
        awaitCondition(WAIT, () -> events.stream().anyMatch(e -> e.kind() == Kind.FAILED), "FAILED; " + events);
        List<ConnectionEvent> failing = afterFirstConnection(firstId);
        // maxRetries = 2: the drop and two refused attempts each schedule a retry until the retries are used up.
        assertSequence("DISCONNECTED RECONNECTING CONNECTING RECONNECTING CONNECTING FAILED", failing);
        assertEquals(firstId, failing.get(0).workerId());
        ConnectionEvent failed = failing.get(failing.size() - 1);
        assertEquals(ConnectionState.FAILED, failed.state());
        assertInstanceOf(WorkerFailedException.class, failed.cause());
        assertNull(failed.workerId());

        // connectAsync() starts the worker again: its first connection is CONNECTED, as on the very first start.
        proxy.refuseNewConnections(false);
        int mark = events.size();
        await(worker.connectAsync(), WAIT);
        String secondId = worker.workerId();
        awaitCondition(WAIT, () -> kinds(events.subList(mark, events.size())).endsWith("RE_REGISTERED"),
            "re-registered after connectAsync; " + events);
        List<ConnectionEvent> restarted = events.subList(mark, events.size());
        assertSequence("CONNECTING CONNECTED RE_REGISTERED", restarted);
        assertEquals(secondId, restarted.get(1).workerId());
        assertEquals(ConnectionState.CONNECTED, restarted.get(1).state());

        // ...and a drop after that one is a reconnect again.
        int mark2 = events.size();
        proxy.cutAll();
        awaitCondition(WAIT, () -> worker.workerId() != null && !worker.workerId().equals(secondId)
            && kinds(events.subList(mark2, events.size())).endsWith("RE_REGISTERED"), "reconnected; " + events);
        List<ConnectionEvent> dropped = events.subList(mark2, events.size());
        assertSequence("DISCONNECTED RECONNECTING (CONNECTING RECONNECTING )*CONNECTING RECONNECTED RE_REGISTERED",
            dropped);
        assertEquals(secondId, dropped.get(0).workerId());
        assertOnCallbackThread();
      } finally {
        worker.shutdown();
      }
    }
  }

  /**
   * The events heard since the listener was added, minus the first connection's own RE_REGISTERED, which may reach
   * the listener after it was added (the registration barrier and the event race).
   */
  private List<ConnectionEvent> afterFirstConnection(String firstId) {
    List<ConnectionEvent> out = new ArrayList<>(events);
    out.removeIf(e -> e.kind() == Kind.RE_REGISTERED && firstId.equals(e.workerId()));
    return out;
  }

  private static List<ConnectionEvent> ofKind(List<ConnectionEvent> list, Kind kind) {
    return list.stream().filter(e -> e.kind() == kind).toList();
  }

  private static String kinds(List<ConnectionEvent> list) {
    return list.stream().map(e -> e.kind().name()).collect(Collectors.joining(" "));
  }

  private static void assertSequence(String regex, List<ConnectionEvent> list) {
    String actual = kinds(list);
    assertTrue(Pattern.matches(regex, actual), "expected " + regex + " but heard " + actual + ": " + list);
  }

  /** Every event is stamped when the SDK observed it: after the test's start, never in the future, in order. */
  private static void assertTimes(List<ConnectionEvent> list, Instant before) {
    Instant now = Instant.now();
    Instant previous = before;
    for (ConnectionEvent e : list) {
      assertNotNull(e.time());
      assertFalse(e.time().isBefore(previous), "times in order: " + list);
      assertFalse(e.time().isAfter(now), "time not in the future: " + e);
      previous = e.time();
    }
  }

  private void assertOnCallbackThread() {
    assertFalse(threads.isEmpty());
    assertTrue(threads.stream().allMatch(CALLBACK_THREAD::equals), "heard on the callback executor: " + threads);
  }
}
