package dev.iii.streams.peerkill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelClosedException;
import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.OtelConfig;
import dev.iii.streams.FramingException;
import dev.iii.streams.LengthPrefixed;
import dev.iii.streams.Workers;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A channel peer dies for real — its JVM is killed ({@code destroyForcibly}, like {@code kill -9}) — while the
 * other peer, in the test's JVM, is mid-transfer through an in-process test engine, which survives the kill:
 *
 * <ul>
 *   <li>the reader dies: the writer's sink fails with {@link ChannelClosedException} (the engine notices the dead
 *       reader on its next send, then drops the writer's socket);
 *   <li>the writer dies inside a record: the reader's raw byte stream ends normally — the engine gives the reader no
 *       other signal than the end of the data, exactly as on a clean close — and the {@link LengthPrefixed} decoder
 *       is what turns the cut into an error, a {@link FramingException} naming the truncated record, after
 *       delivering every record before it intact.
 * </ul>
 *
 * <p>The peers are {@link ChannelPeerProcess} JVMs; the test steers them through stdin and waits on their stdout
 * lines, so the kill lands at a known point of the stream.
 */
class ChannelPeerKillTest {
  /** A child JVM with Pekko and a worker, on a loaded 2-core machine. */
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration STEP = Duration.ofSeconds(20);
  /** Bounded wait for the consequences of a kill; they normally take milliseconds. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(60);
  private static final int RECORD_BYTES = 1000;
  /** Records the writer completes before it is killed inside the next one. */
  private static final int WHOLE_RECORDS = 3;

  private static TestEngine engine;
  private static ActorSystem<Void> system;
  private static Materializer mat;
  /** The test's own worker: creates the channels, holds the surviving end, and calls the peer's function. */
  private static III driver;

  private PeerJvm peer;
  /** Stops the endless writer of the reader-kill tests, whatever the SDK does with its upstream. */
  private UniqueKillSwitch endlessSource;

  @BeforeAll
  static void start() {
    engine = TestEngine.start();
    system = ActorSystem.create(Behaviors.empty(), "peer-kill-test");
    mat = Materializer.matFromSystem(system);
    driver = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("peerkill-driver")
        .otel(OtelConfig.newBuilder().enabled(false).build()).build());
  }

  @AfterEach
  void killThePeer() throws InterruptedException {
    if (endlessSource != null) {
      endlessSource.abort(new IllegalStateException("the test is over"));
    }
    if (peer != null) {
      peer.close();
    }
  }

  @AfterAll
  static void stop() {
    if (driver != null) driver.shutdown();
    if (engine != null) engine.close();
    if (system != null) system.terminate();
  }

  @Test
  void killingTheReadersJvmFailsTheWritersSink() throws Exception {
    EndlessWriter writer = writeToAReaderThenKillIt();

    Throwable failure = failureOf(writer.written(), AFTER_KILL, "the writer's sink");
    assertInstanceOf(ChannelClosedException.class, failure, () -> "the writer's sink failed with " + trace(failure));
    // The call to the dead peer is not left hanging either: the engine stops it when the worker disconnects.
    Throwable stopped = failureOf(writer.reading(), AFTER_KILL, "the call to the killed reader");
    assertInstanceOf(InvocationException.class, stopped, () -> trace(stopped));
    assertEquals(ErrorCodes.INVOCATION_STOPPED, ((InvocationException) stopped).code());
    assertTheEngineStillServes();
  }

  @Test
  void aSinkThatFailedBecauseTheReaderDiedStopsItsUpstream() throws Exception {
    EndlessWriter writer = writeToAReaderThenKillIt();

    failureOf(writer.written(), AFTER_KILL, "the writer's sink");
    long producedAtFailure = writer.produced().get();
    // Cancelled or failed, either is fine: what matters is that the sink lets go of its upstream.
    CompletionStage<Boolean> ended = writer.upstreamEnd().handle((done, error) -> true);
    try {
      assertTrue(await(ended, STEP, "the end of the failed sink's upstream"));
    } catch (AssertionError e) {
      // Whether the upstream is still being drained (the count grows) or merely held says where the SDK is stuck.
      throw new AssertionError(e.getMessage() + ": " + producedAtFailure + " records produced when the sink failed, "
          + writer.produced().get() + " by now", e);
    }
  }

  /** An endless record stream from this JVM through a channel whose reader JVM stalls, then is killed. */
  private EndlessWriter writeToAReaderThenKillIt() throws Exception {
    peer = PeerJvm.start("reader", engine.url());
    peer.await("READY", l -> l.startsWith("READY "), STARTUP);
    // A small buffer: the stalled reader holds the writer by backpressure after a few frames.
    Channel ch = driver.createChannel(4);

    // Endless records: the writer is still streaming (or held by backpressure) whenever the kill lands.
    AtomicLong produced = new AtomicLong();
    Pair<Pair<UniqueKillSwitch, CompletionStage<Done>>, CompletionStage<Done>> mats =
        Source.unfold(1, i -> Optional.of(Pair.create(i + 1, ChannelPeerProcess.payload(i, RECORD_BYTES))))
            .via(LengthPrefixed.encoder())
            .map(record -> {
              produced.incrementAndGet();
              return record;
            })
            .viaMat(KillSwitches.single(), Keep.right())
            .watchTermination(Keep.both())
            .toMat(ch.writer().sink(), Keep.both())
            .run(mat);
    endlessSource = mats.first().first();
    CompletionStage<Done> written = mats.second();
    CompletionStage<JsonNode> reading =
        driver.callAsync(ChannelPeerProcess.READ_FUNCTION, Map.of("input", ch.readerRef()), JsonNode.class, AFTER_KILL);
    peer.await("the first bytes read", l -> l.startsWith("READ "), STEP);
    assertFalse(written.toCompletableFuture().isDone(), () -> "the writer must still be streaming: " + written);

    peer.kill();
    return new EndlessWriter(written, mats.first().second(), produced, reading);
  }

  /** What {@link #writeToAReaderThenKillIt} leaves to check: the sink's stage, the upstream's end, the peer call. */
  private record EndlessWriter(CompletionStage<Done> written, CompletionStage<Done> upstreamEnd, AtomicLong produced,
      CompletionStage<JsonNode> reading) {}

  @Test
  void killingTheWritersJvmMidRecordIsANormalEndThatTheFramingReportsAsTruncated() throws Exception {
    peer = PeerJvm.start("writer", engine.url());
    peer.await("READY", l -> l.startsWith("READY "), STARTUP);
    Channel ch = driver.createChannel();

    // One materialization of the reader, observed twice: the raw bytes (count and how their stream ends) and the
    // records the decoder makes of them.
    AtomicLong received = new AtomicLong();
    List<ByteString> records = new CopyOnWriteArrayList<>();
    Pair<CompletionStage<Done>, CompletionStage<Done>> ends = ch.reader().source()
        .map(chunk -> {
          received.addAndGet(chunk.size());
          return chunk;
        })
        .watchTermination(Keep.right())
        .via(LengthPrefixed.decoder(RECORD_BYTES))
        .map(record -> {
          records.add(record);
          return record;
        })
        .toMat(Sink.ignore(), Keep.both())
        .run(mat);
    CompletionStage<Done> rawEnd = ends.first();
    CompletionStage<Done> decoded = ends.second();

    CompletionStage<JsonNode> writing = driver.callAsync(ChannelPeerProcess.WRITE_FUNCTION,
        Map.of("output", ch.writerRef(), "record_bytes", RECORD_BYTES), JsonNode.class, AFTER_KILL);
    for (int i = 1; i <= WHOLE_RECORDS; i++) {
      String prefix = "WROTE " + i + " ";
      peer.await(prefix + "HALF", l -> l.startsWith(prefix + "HALF "), STEP);
      peer.send(ChannelPeerProcess.CONTINUE);
      peer.await(prefix + "WHOLE", l -> l.startsWith(prefix + "WHOLE "), STEP);
    }
    String cutLine = peer.await("the first half of the next record",
        l -> l.startsWith("WROTE " + (WHOLE_RECORDS + 1) + " HALF "), STEP);
    long cutAt = Long.parseLong(cutLine.substring(cutLine.lastIndexOf(' ') + 1));
    // Kill only once the reader holds the whole records and the first part of the next one, so the cut is inside
    // a record for sure (not merely inside data still in flight).
    Workers.awaitCondition(STEP, () -> received.get() >= cutAt, () -> "received " + received.get() + " of " + cutAt);
    Workers.awaitCondition(STEP, () -> records.size() == WHOLE_RECORDS, () -> records.size() + " records decoded");
    assertFalse(rawEnd.toCompletableFuture().isDone(), "the stream must not end before the kill");

    peer.kill();

    // The engine gives the reader nothing but the end of the data: to the raw stream it is a normal end.
    assertEquals(Done.getInstance(), await(rawEnd, AFTER_KILL, "the end of the raw stream"));
    assertEquals(cutAt, received.get(), "every byte the writer sent arrived, and nothing else");
    // The framing is what notices: the stream ended inside record 4, after half of its payload.
    Throwable failure = failureOf(decoded, AFTER_KILL, "the decoded stream");
    assertInstanceOf(FramingException.class, failure, () -> trace(failure));
    String message = failure.getMessage();
    assertTrue(message.contains("inside record " + (WHOLE_RECORDS + 1) + ":"), message);
    assertTrue(message.contains((RECORD_BYTES / 2) + " of its " + RECORD_BYTES + " payload bytes arrived"), message);
    // The records before the cut were delivered whole and intact.
    List<ByteString> expected = new ArrayList<>();
    for (int i = 1; i <= WHOLE_RECORDS; i++) {
      expected.add(ChannelPeerProcess.payload(i, RECORD_BYTES));
    }
    assertEquals(expected, records);

    Throwable stopped = failureOf(writing, AFTER_KILL, "the call to the killed writer");
    assertInstanceOf(InvocationException.class, stopped, () -> trace(stopped));
    assertEquals(ErrorCodes.INVOCATION_STOPPED, ((InvocationException) stopped).code());
    assertTheEngineStillServes();
  }

  /** The kill took down a peer, not the engine: a new channel still carries data. */
  private static void assertTheEngineStillServes() throws Exception {
    Channel ch = driver.createChannel();
    ch.writer().write(new byte[] {1, 2, 3});
    ch.writer().close();
    assertEquals(ByteString.fromArray(new byte[] {1, 2, 3}), await(ch.reader().readAll(16), STEP, "a fresh channel"));
  }

  private static <T> T await(CompletionStage<T> stage, Duration timeout, String what) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not complete within " + timeout, e);
    }
  }

  /** The error {@code stage} failed with (unwrapped); a test failure if it completed normally or never did. */
  private static Throwable failureOf(CompletionStage<?> stage, Duration timeout, String what) throws Exception {
    Object value;
    try {
      value = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    } catch (TimeoutException e) {
      throw new AssertionError(what + " neither failed nor completed within " + timeout, e);
    }
    throw new AssertionError(what + " completed normally (" + value + ") but should have failed");
  }


  private static String trace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
