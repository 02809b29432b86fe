package dev.iii.examples;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.iii.examples.filesplit.Sale;
import dev.iii.examples.filesplit.SalesFiles;
import dev.iii.examples.filesplit.SalesTotals;
import dev.iii.sdk.Channel;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.streams.JsonLines;
import dev.iii.testkit.TestEngineOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Splitting a file into records and aggregating them in another worker, through a channel. The {@code splitter}
 * worker runs a Pekko Streams graph — file bytes, split into lines, parsed into {@link Sale} records, written as
 * JSON Lines — into a channel's writer; the {@code aggregator} worker's function receives the channel's reader in
 * its typed payload, folds the records it decodes into {@link SalesTotals}, and returns them as its result. The
 * splitter prints the answer and checks it against the same totals computed locally from the file.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.iii.examples.FileSplitExample
 * [-Dexec.args=path/to/sales.csv]} — without a path it writes a sample file of 10,000 records. Runs on the
 * embedded test engine when {@code III_URL} is unset.
 */
public final class FileSplitExample {

  static final String AGGREGATE = "filesplit::aggregate";
  private static final int SAMPLE_RECORDS = 10_000;
  private static final int MAX_LINE_BYTES = 4096;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The aggregator's typed input: the reader ref the splitter puts in the payload arrives as a live reader. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AggregateRequest(ChannelReader records) {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  /**
   * Runs the example, printing to {@code out}, and returns the aggregate the aggregator answered.
   *
   * @throws IllegalStateException when the answer differs from the local computation
   */
  public static SalesTotals run(String[] args, PrintStream out) throws Exception {
    if (args.length > 1) {
      throw new IllegalArgumentException("usage: FileSplitExample [path/to/sales.csv]");
    }
    boolean sample = args.length == 0;
    Path file = sample ? SalesFiles.writeSample(SAMPLE_RECORDS, 42) : Path.of(args[0]);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read " + file.toAbsolutePath());
    }
    ObjectMapper mapper = JsonMapper.builder().build();
    // One ActorSystem runs both workers and the streams on either side of the channel.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "file-split-example");
    try (ExampleEngine engine = ExampleEngine.fromEnvironment(TestEngineOptions.getDefaultInstance());
        III aggregator = III.registerWorker(system, engine.url(),
            InitOptions.newBuilder().workerName("aggregator").build());
        III splitter = III.registerWorker(system, engine.url(),
            InitOptions.newBuilder().workerName("splitter").build())) {

      aggregator.registerFunction(FunctionDef.async(AGGREGATE, AggregateRequest.class, SalesTotals.class,
          (request, ctx) -> request.records().source()
              .via(JsonLines.decoder(mapper, Sale.class, MAX_LINE_BYTES))
              .runFold(new SalesTotals.Accumulator(), SalesTotals.Accumulator::add, system)
              .thenApply(SalesTotals.Accumulator::result)));
      aggregator.awaitRegistrations().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      say(out, "aggregator serves " + AGGREGATE);

      Channel channel = splitter.createChannel();
      CompletionStage<SalesTotals> answer =
          splitter.callAsync(AGGREGATE, Map.of("records", channel.readerRef()), SalesTotals.class, TIMEOUT);
      CompletionStage<Done> sent = SalesFiles.records(file, MAX_LINE_BYTES)
          .via(JsonLines.encoder(mapper, Sale.class))
          .runWith(channel.writer().sink(), system);

      // The send is checked first: had the file stream failed half-way, the aggregator would have seen a normal
      // end after the records sent so far, and its (partial) answer must not be trusted.
      sent.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      say(out, "splitter sent " + file.getFileName() + " (" + Files.size(file) + " bytes) through the channel");
      SalesTotals remote = answer.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      say(out, "aggregate: " + remote.describe());

      SalesTotals local = SalesFiles.localTotals(file);
      if (!remote.equals(local)) {
        throw new IllegalStateException("the aggregator's answer " + remote.describe()
            + " differs from the local computation " + local.describe());
      }
      say(out, "matches the local computation");
      return remote;
    } finally {
      system.terminate();
      if (sample) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void say(PrintStream out, String line) {
    out.println("[file-split] " + line);
  }

  private FileSplitExample() {}
}
