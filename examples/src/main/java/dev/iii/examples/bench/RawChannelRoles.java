package dev.iii.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The channel floor (DESIGN §6): two processes with no SDK, on {@code java.net.http} ({@code raw}) or on Pekko
 * HTTP ({@code raw-pekko}) for the control socket and the channel sockets alike. The writer registers
 * {@value ChannelArgs#WRITE_FUNCTION} with a raw {@code registerfunction} frame and answers each invocation by
 * opening the write end from the ref in its {@code data} and pushing binary frames; the reader calls
 * {@code engine::channels::create} over its raw worker socket, opens the read end, invokes the writer with the
 * writer ref and counts bytes until the engine's Close.
 */
final class RawChannelRoles {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private RawChannelRoles() {
  }

  /** The channel client of a transport (a Pekko one owns an ActorSystem, so it is made only when needed). */
  private static RawChannelClient channelClient(TextSocket.Transport transport) {
    return transport == TextSocket.Transport.JDK ? RawChannelSocket.CLIENT : new PekkoChannelClient();
  }

  /** {@code raw-channel-writer <url>} (or raw-pekko-…): serves the writer function until the engine disconnects. */
  static void writer(String[] args, TextSocket.Transport transport, Duration phaseTimeout) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("raw channel writer needs: <url>");
    }
    String url = args[0];
    RawChannelClient channels = channelClient(transport);
    // The control socket's callbacks run on its selector thread; a transfer blocks, so it gets its own thread.
    ExecutorService transfers = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-channel-transfer"));
    CompletableFuture<TextSocket> control = new CompletableFuture<>();
    TextSocket socket = transport.connect(url, text -> {
      JsonNode frame = parse(text);
      if (frame != null && frame.path("type").asText().equals("invokefunction")) {
        transfers.execute(() -> answer(url, frame, control.join(), channels, phaseTimeout));
      }
    }, CONNECT_TIMEOUT);
    control.complete(socket);
    socket.send(RawWorker.JSON.createObjectNode().put("type", "registerfunction")
        .put("id", ChannelArgs.WRITE_FUNCTION).toString());
    // The orchestrator waits until the engine lists the function (as for every kind): no barrier needed here.
    System.out.println(RoleSupport.READY_LINE);
    System.out.flush();
    socket.closed().handle((ok, error) -> null).join();
    System.err.println("raw-channel-writer: the engine closed the connection");
  }

  private static JsonNode parse(String text) {
    try {
      return RawWorker.JSON.readTree(text);
    } catch (Exception malformed) {
      System.err.println("raw-channel-writer: undecodable frame ignored: " + malformed.getMessage());
      return null;
    }
  }

  /** Runs one transfer and answers the invocation with {@code {"bytes": n}} or an error body. */
  private static void answer(String url, JsonNode invocation, TextSocket control, RawChannelClient channels,
      Duration timeout) {
    JsonNode data = invocation.path("data");
    ObjectNode reply = RawWorker.JSON.createObjectNode().put("type", "invocationresult")
        .put("invocation_id", invocation.path("invocation_id").asText())
        .put("function_id", invocation.path("function_id").asText());
    try {
      if (!invocation.path("function_id").asText().equals(ChannelArgs.WRITE_FUNCTION)) {
        throw new IllegalArgumentException("no function " + invocation.path("function_id").asText());
      }
      long total = data.path("bytes").asLong(-1);
      int chunk = data.path("chunk_bytes").asInt(-1);
      if (!data.path("output").isObject() || total < 0 || chunk < 1) {
        throw new IllegalArgumentException("needs {\"output\": <writer ref>, \"bytes\" >= 0, \"chunk_bytes\" > 0}");
      }
      channels.write(RawChannelClient.channelUrl(url, data.get("output"), "write"), total, chunk, timeout);
      reply.putObject("result").put("bytes", total);
    } catch (Exception failed) {
      System.err.println("raw-channel-writer: transfer failed: " + failed);
      reply.putObject("error").put("code", "invocation_failed").put("message", failed.toString());
    }
    control.send(reply.toString());
  }

  /** {@code raw-channel-reader <ChannelArgs…>} (or raw-pekko-…): warm-up and measured transfers, one JSON line. */
  static void reader(String[] args, TextSocket.Transport transport, Duration phaseTimeout) throws Exception {
    ChannelArgs channelArgs = ChannelArgs.parse(args);
    RawChannelClient channels = channelClient(transport);
    try (RawWorker worker = RawWorker.connect(channelArgs.url(), CONNECT_TIMEOUT, transport)) {
      ChannelReport report = ChannelReport.measure(transport == TextSocket.Transport.JDK ? "raw" : "raw-pekko",
          channelArgs, total -> transfer(worker, channels, channelArgs, total, phaseTimeout));
      System.out.println(report.toJsonLine());
      System.out.flush();
    }
  }

  private static long transfer(RawWorker worker, RawChannelClient channels, ChannelArgs args, long total,
      Duration timeout) throws Exception {
    JsonNode channel = worker.invokeJson("engine::channels::create",
            RawWorker.JSON.createObjectNode().put("buffer_size", args.bufferFrames()))
        .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<Long> counted =
        channels.read(RawChannelClient.channelUrl(args.url(), channel.path("reader"), "read"), CONNECT_TIMEOUT);
    ObjectNode request = args.writeRequest(total);
    request.set("output", channel.path("writer"));
    CompletableFuture<JsonNode> written = worker.invokeJson(args.functionId(), request);
    long count = counted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long writerCount = written.get(timeout.toMillis(), TimeUnit.MILLISECONDS).path("bytes").asLong(-1);
    if (writerCount != total) {
      throw new IllegalStateException("the writer reports " + writerCount + " bytes written, not " + total);
    }
    return count;
  }
}
