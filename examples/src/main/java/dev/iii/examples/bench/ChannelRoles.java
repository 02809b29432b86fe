package dev.iii.examples.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelWriter;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The Java SDK's two channel processes. Each embeds its worker in its own {@code ActorSystem}, which then runs
 * the channel streams too, as a Pekko application would: the writer serves {@value ChannelArgs#WRITE_FUNCTION}
 * by running a source of fixed chunks into {@link ChannelWriter#sink()}; the reader creates the channel, calls
 * the writer with the writer ref and folds {@code reader().source()} into a byte count.
 */
final class ChannelRoles {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  /** The writer function's typed input: the writer ref arrives as a live {@link ChannelWriter}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record WriteRequest(ChannelWriter output, long bytes, @JsonProperty("chunk_bytes") int chunkBytes) {}

  /** What the writer answers: the bytes it wrote (the reader checks them against its own count). */
  record WriteResult(long bytes) {}

  private ChannelRoles() {
  }

  private static III connect(ActorSystem<Void> system, String url, String name) {
    return III.registerWorker(system, url,
        InitOptions.newBuilder().workerName(name + "-" + ProcessHandle.current().pid()).build());
  }

  /** {@code java-channel-writer <url>}: serves the writer function until the orchestrator stops it. */
  static void writer(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("java-channel-writer needs: <url>");
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-channel-writer");
    III worker = connect(system, args[0], "bench-channel-writer");
    worker.registerFunction(FunctionDef.async(ChannelArgs.WRITE_FUNCTION, WriteRequest.class, WriteResult.class,
        (request, ctx) -> write(request, system)));
    worker.awaitRegistrations().toCompletableFuture().get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println(RoleSupport.READY_LINE);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.shutdown();
      system.terminate();
    }, "bench-channel-writer-shutdown"));
    RoleSupport.parkForever();
  }

  private static CompletionStage<WriteResult> write(WriteRequest request, ActorSystem<Void> system) {
    if (request.output() == null || request.chunkBytes() < 1 || request.bytes() < 0) {
      throw new IllegalArgumentException("needs {\"output\": <writer ref>, \"bytes\" >= 0, \"chunk_bytes\" > 0}");
    }
    // One fixed chunk, sent again and again: the figure is the channel's, not the cost of making data.
    ByteString chunk = ByteString.fromArrayUnsafe(new byte[request.chunkBytes()]);
    long fullChunks = request.bytes() / request.chunkBytes();
    int rest = (int) (request.bytes() % request.chunkBytes());
    Source<ByteString, ?> data = Source.repeat(chunk).take(fullChunks);
    if (rest > 0) {
      data = data.concat(Source.single(chunk.take(rest)));
    }
    // The sink's stage completes once the engine confirmed the close: every byte is in the engine by then.
    return data.runWith(request.output().sink(), system).thenApply(done -> new WriteResult(request.bytes()));
  }

  /** {@code java-channel-reader <ChannelArgs…>}: the warm-up and measured transfers, then one JSON line. */
  static void reader(String[] args, Duration phaseTimeout) throws Exception {
    ChannelArgs channelArgs = ChannelArgs.parse(args);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-channel-reader");
    III worker = connect(system, channelArgs.url(), "bench-channel-reader");
    try {
      ChannelReport report = ChannelReport.measure("java", channelArgs,
          total -> transfer(worker, system, channelArgs, total, phaseTimeout));
      System.out.println(report.toJsonLine());
      System.out.flush();
    } finally {
      worker.shutdown();
      system.terminate();
    }
  }

  private static long transfer(III worker, ActorSystem<Void> system, ChannelArgs args, long total,
      Duration timeout) throws Exception {
    Channel channel = worker.createChannelAsync(args.bufferFrames()).toCompletableFuture()
        .get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    CompletionStage<Long> counted = channel.reader().source()
        .runWith(Sink.fold(0L, (sum, bytes) -> sum + bytes.size()), system);
    ObjectNode request = args.writeRequest(total);
    request.set("output", RawWorker.JSON.valueToTree(channel.writerRef()));
    CompletionStage<JsonNode> written = worker.callAsync(args.functionId(), request, JsonNode.class, timeout);
    long count = counted.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long writerCount = written.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .path("bytes").asLong(-1);
    if (writerCount != total) {
      throw new IllegalStateException("the writer reports " + writerCount + " bytes written, not " + total);
    }
    return count;
  }
}
