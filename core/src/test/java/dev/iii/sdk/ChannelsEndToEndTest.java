package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.iii.sdk.ChannelTransfers.Summary;
import dev.iii.testkit.TestEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channels through the facade, end to end: two Java workers on an in-process test engine stream to each other
 * through channels whose refs travel in payloads — a typed payload whose {@link ChannelReader} field arrives live,
 * an untyped one whose writer ref the handler opens with {@code ctx.channels().writer(node)} — with text messages
 * interleaved, checked by SHA-256 and by where each text fell in the byte stream.
 */
class ChannelsEndToEndTest {
  private static final Duration TRANSFER = Duration.ofSeconds(60);
  private static final int MIB = 1024 * 1024;

  /** A typed payload: the reader field is read from a ref into a live end bound to the handling worker. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ConsumeRequest(String label, ChannelReader input) {}

  static TestEngine engine;
  /** Hosts {@code ch::produce}: writes to the channel whose writer ref is in its untyped payload. */
  static III alpha;
  /** Hosts {@code ch::consume}: reads the channel whose reader arrives in its typed payload. */
  static III beta;
  /** The test's own system, for running reader streams (in tests and in handlers). */
  static ActorSystem<Void> testSystem;
  static Materializer mat;

  @BeforeAll
  static void start() {
    engine = TestSupport.startEngine();
    testSystem = ActorSystem.create(Behaviors.empty(), "channels-e2e");
    mat = Materializer.matFromSystem(testSystem);
    alpha = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("alpha").build());
    beta = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("beta").build());
    alpha.registerFunction(FunctionDef.json("ch::produce", (in, ctx) -> {
      ChannelWriter out = ctx.channels().writer(in.get("output"));
      return ChannelTransfers.write(out, in.path("seed").asLong(), in.path("bytes").asInt());
    }));
    beta.registerFunction(FunctionDef.of("ch::consume", ConsumeRequest.class, Summary.class,
        (req, ctx) -> ChannelTransfers.readBlocking(req.input(), mat, TRANSFER)));
    await(alpha.awaitRegistrations());
    await(beta.awaitRegistrations());
  }

  @AfterAll
  static void stop() {
    if (alpha != null) alpha.shutdown();
    if (beta != null) beta.shutdown();
    if (engine != null) engine.close();
    if (testSystem != null) testSystem.terminate();
  }

  @Test
  void producerStreamsToAHandlerWhoseTypedPayloadHasAReader() {
    Channel ch = alpha.createChannel(8);
    assertEquals(ChannelRef.Direction.READ, ch.readerRef().direction());
    assertEquals(ch.readerRef().channelId(), ch.writerRef().channelId());

    // The live end itself goes into the payload: it is written as its ref.
    CompletionStage<Summary> consumed = alpha.callAsync("ch::consume", Map.of("label", "typed", "input", ch.reader()),
        Summary.class, TRANSFER);
    Summary sent = ChannelTransfers.write(ch.writer(), 1, 3 * MIB + 17);

    Summary received = await(consumed, TRANSFER);
    assertEquals(sent, received);
    assertEquals(3 * MIB + 17, received.bytes());
    assertTrue(received.texts().size() > 3, "texts interleaved: " + received.texts());
  }

  @Test
  void handlerWritesThroughAWriterOpenedFromAnUntypedPayload() {
    Channel ch = beta.createChannel();
    CompletionStage<Summary> read = ChannelTransfers.read(ch.reader(), mat);

    Summary produced = beta.call("ch::produce", Map.of("output", ch.writerRef(), "seed", 2, "bytes", 2 * MIB),
        Summary.class, TRANSFER);

    assertEquals(produced, await(read, TRANSFER));
    assertEquals(2 * MIB, produced.bytes());
    assertFalse(produced.texts().isEmpty());
  }

  @Test
  void channelsOutliveTheWorkerThatCreatedThem() {
    III creator = III.registerWorker(engine.url(), InitOptions.newBuilder().workerName("creator").build());
    Channel ch = creator.createChannel(4);
    creator.shutdown();
    assertThrows(ShutdownException.class, creator::createChannel);

    // Both ends are opened by other workers from the refs alone, after the creator is gone.
    CompletionStage<Summary> consumed =
        alpha.callAsync("ch::consume", Map.of("label", "orphan", "input", ch.readerRef()), Summary.class, TRANSFER);
    Summary produced = beta.call("ch::produce", Map.of("output", ch.writerRef(), "seed", 3, "bytes", MIB),
        Summary.class, TRANSFER);

    assertEquals(produced, await(consumed, TRANSFER));
  }

  @Test
  void shutdownCutsTheSocketsOfTheWorkersOwnEnds() {
    // Embedded in the test's system, which keeps running: only the worker's own shutdown can stop the reader.
    III embedded = III.registerWorker(testSystem, engine.url(), InitOptions.newBuilder().workerName("embedded").build());
    Channel ch = embedded.createChannel();
    CompletionStage<ByteString> reading = ch.reader().readAll(MIB);

    embedded.shutdown();

    Throwable failure = failureOf(reading, Duration.ofSeconds(10));
    assertInstanceOf(ChannelClosedException.class, failure, failure.toString());
    assertTrue(failure.getMessage().contains("shut down"), failure.getMessage());
  }

  @Test
  void aSecondMaterializationOfOneEndFailsLocallyWithAClearMessage() throws Exception {
    Channel ch = alpha.createChannel();
    // The first materializations are made to win for sure: a stream opens its end when it starts, which happens
    // asynchronously, so the reader must have seen data before a second one is tried.
    java.util.concurrent.CountDownLatch firstGotData = new java.util.concurrent.CountDownLatch(1);
    CompletionStage<Long> first = ch.reader().source()
        .map(b -> {
          firstGotData.countDown();
          return (long) b.size();
        })
        .runWith(Sink.fold(0L, Long::sum), mat);
    ch.writer().write(new byte[] {1, 2, 3}); // the writer is now open in plain mode
    assertTrue(firstGotData.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first reader got data");

    Throwable again = failureOf(ch.reader().readAll(10), Duration.ofSeconds(5));
    assertInstanceOf(IllegalStateException.class, again);
    assertEquals("channel " + ch.readerRef().channelId() + " reader was already opened; each end can be opened once",
        again.getMessage());

    Throwable sinkAgain = failureOf(
        Source.single(ByteString.fromArray(new byte[] {4})).runWith(ch.writer().sink(), mat), Duration.ofSeconds(5));
    assertInstanceOf(IllegalStateException.class, sinkAgain);
    assertTrue(sinkAgain.getMessage().contains("writer was already opened"), sinkAgain.getMessage());

    ch.writer().close();
    assertEquals(3L, await(first, Duration.ofSeconds(10))); // the first materializations were not disturbed
  }

  @Test
  void refsOfTheWrongKindAreRefusedWithAClearMessage() {
    Channel ch = alpha.createChannel();

    InvocationException wrongDirection = assertThrows(InvocationException.class,
        () -> alpha.call("ch::consume", Map.of("label", "x", "input", ch.writerRef()), Summary.class));
    assertTrue(wrongDirection.getMessage().contains("needs a ref with direction \"read\""),
        wrongDirection.getMessage());

    InvocationException notARef = assertThrows(InvocationException.class,
        () -> beta.call("ch::produce", Map.of("output", Map.of("channel_id", "c"), "seed", 1, "bytes", 1)));
    assertTrue(notARef.getMessage().contains("cannot open a channel writer"), notARef.getMessage());
    assertTrue(notARef.getMessage().contains("access_key"), notARef.getMessage());

    assertThrows(IllegalArgumentException.class, () -> alpha.createChannel(-1));
  }

  @Test
  void aUserSuppliedMapperGetsLiveEndsWithoutBeingChanged() throws Exception {
    ObjectMapper userMapper = JsonMapper.builder().build();
    III custom = III.registerWorker(engine.url(),
        InitOptions.newBuilder().workerName("custom-mapper").payloadMapper(userMapper).build());
    try {
      custom.registerFunction(FunctionDef.of("ch::consume-custom", ConsumeRequest.class, Summary.class,
          (req, ctx) -> ChannelTransfers.readBlocking(req.input(), mat, TRANSFER)));
      await(custom.awaitRegistrations());
      Channel ch = alpha.createChannel();

      CompletionStage<Summary> consumed = alpha.callAsync("ch::consume-custom",
          Map.of("label", "custom", "input", ch.readerRef()), Summary.class, TRANSFER);
      Summary sent = ChannelTransfers.write(ch.writer(), 4, 256 * 1024);
      assertEquals(sent, await(consumed, TRANSFER));

      // The user's own mapper was copied, not modified: it still cannot make a ChannelReader.
      JsonNode ref = userMapper.valueToTree(Map.of("label", "x", "input", ch.readerRef()));
      assertThrows(Exception.class, () -> userMapper.treeToValue(ref, ConsumeRequest.class));
    } finally {
      custom.shutdown();
    }
  }
}
