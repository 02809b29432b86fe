package dev.iii.streams.peerkill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelWriter;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import dev.iii.sdk.OtelConfig;
import dev.iii.streams.LengthPrefixed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.LoggerFactory;

/**
 * One peer of the channel peer-kill scenarios, run as its own JVM so the test can kill it for real:
 * {@code ChannelPeerProcess writer|reader <engine url>}. It talks to the test through lines: it prints progress on
 * stdout and takes commands on stdin; when stdin ends (the test went away) it exits.
 *
 * <ul>
 *   <li>{@code writer} registers {@value #WRITE_FUNCTION} {@code {"output": <writer ref>, "record_bytes": n}}: writes
 *       length-prefixed records 1, 2, 3, … with {@code n}-byte payloads ({@link #payload}) through the channel, each
 *       record in two writes: the length header with the first half of the payload, then — only after a
 *       {@code CONTINUE} line on stdin — the second half. Prints {@code WROTE <i> HALF <bytes so far>} after the
 *       first write and {@code WROTE <i> WHOLE <bytes so far>} after the second, so a test that kills it while it
 *       waits knows the stream is cut inside record {@code i}, and where.
 *   <li>{@code reader} registers {@value #READ_FUNCTION} {@code {"input": <reader ref>}}: reads until the first bytes
 *       arrive, prints {@code READ <n>}, then stops reading for good (it blocks until stdin ends), so the writer
 *       fills the channel and is held by backpressure when the test kills this JVM.
 * </ul>
 *
 * <p>Prints {@code READY <worker id>} once its function is registered, {@code FATAL <error>} if it cannot start,
 * and {@code HANDLER-FAILED <error>} if its handler fails.
 */
public final class ChannelPeerProcess {
  static final String WRITE_FUNCTION = "peerkill::write";
  static final String READ_FUNCTION = "peerkill::read";
  static final String CONTINUE = "CONTINUE";
  private static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(5);

  /** {@code CONTINUE} commands from stdin, consumed by the writer handler one per record. */
  private static final BlockingQueue<String> COMMANDS = new LinkedBlockingQueue<>();

  private ChannelPeerProcess() {}

  public static void main(String[] args) {
    quietLogging();
    try {
      run(args);
    } catch (Throwable t) {
      // The ActorSystem's threads would keep a failed JVM alive: say why and exit, so the test fails at once.
      t.printStackTrace();
      say("FATAL " + t);
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("writer") || args[0].equals("reader"))) {
      throw new IllegalArgumentException("usage: ChannelPeerProcess writer|reader <engine url>");
    }
    String role = args[0];
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "peer-" + role);
    Materializer mat = Materializer.matFromSystem(system);
    III iii = III.registerWorker(system, args[1], InitOptions.newBuilder().workerName("peerkill-" + role)
        .otel(OtelConfig.newBuilder().enabled(false).build()).build());
    if (role.equals("writer")) {
      iii.registerFunction(FunctionDef.json(WRITE_FUNCTION, (in, ctx) -> reportFailure(() ->
              writeRecords(ctx.channels().writer(in.get("output")), in.path("record_bytes").asInt(), mat)))
          .toBuilder().handlerTimeout(HANDLER_TIMEOUT).build());
    } else {
      iii.registerFunction(FunctionDef.json(READ_FUNCTION, (in, ctx) -> reportFailure(() ->
              readThenStall(ctx.channels().reader(in.get("input")))))
          .toBuilder().handlerTimeout(HANDLER_TIMEOUT).build());
    }
    iii.awaitRegistrations().toCompletableFuture().get(30, TimeUnit.SECONDS);
    startStdinWatch();
    say("READY " + iii.workerId());
  }

  /**
   * The payload of record {@code index} (from 1): its number, then bytes that depend on both the number and the
   * position, so a record delivered out of place, shifted or mixed with another one does not compare equal.
   */
  static ByteString payload(int index, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (index * 31 + i * 7);
    }
    if (size >= 4) {
      bytes[0] = (byte) (index >>> 24);
      bytes[1] = (byte) (index >>> 16);
      bytes[2] = (byte) (index >>> 8);
      bytes[3] = (byte) index;
    }
    return ByteString.fromArrayUnsafe(bytes);
  }

  /** Runs until the test kills this JVM; returns only if stdin ends (the test is gone). */
  private static Map<String, Object> writeRecords(ChannelWriter writer, int recordBytes, Materializer mat)
      throws Exception {
    if (recordBytes < 2) {
      throw new IllegalArgumentException("record_bytes must be at least 2 so a record can be split, was " + recordBytes);
    }
    long written = 0;
    for (int index = 1; ; index++) {
      ByteString record = encode(payload(index, recordBytes), mat);
      // The cut point: the whole length header and half the payload go first, so a kill during the wait below
      // leaves the reader with a record that is provably incomplete.
      int cut = record.size() - recordBytes / 2;
      writer.write(record.slice(0, cut).toArray());
      written += cut;
      say("WROTE " + index + " HALF " + written);
      String command = COMMANDS.take();
      if (!command.equals(CONTINUE)) {
        throw new IllegalStateException("expected " + CONTINUE + " on stdin, got \"" + command + "\"");
      }
      writer.write(record.slice(cut, record.size()).toArray());
      written += record.size() - cut;
      say("WROTE " + index + " WHOLE " + written);
    }
  }

  /** The record exactly as the streams module frames it, so the test's decoder reads what a real writer sends. */
  private static ByteString encode(ByteString payload, Materializer mat) throws Exception {
    return Source.single(payload)
        .via(LengthPrefixed.encoder())
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), mat)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static Map<String, Object> readThenStall(ChannelReader reader) throws Exception {
    InputStream in = reader.inputStream();
    int n = in.read(new byte[1024]); // blocks until the first bytes arrive
    say("READ " + n);
    // Never read again: the channel fills up behind us and the writer is held by backpressure until the test
    // kills this JVM. Stdin's end means the test is gone; the stdin watch then exits the JVM.
    new java.util.concurrent.CountDownLatch(1).await();
    return Map.of("read", n);
  }

  private interface Body {
    Map<String, Object> run() throws Exception;
  }

  /** A failing handler is reported on stdout too, so the test's failure message says what went wrong here. */
  private static Map<String, Object> reportFailure(Body body) throws Exception {
    try {
      return body.run();
    } catch (Exception | Error e) {
      say("HANDLER-FAILED " + e);
      throw e;
    }
  }

  private static void startStdinWatch() {
    Thread stdin = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          COMMANDS.add(line.trim());
        }
      } catch (IOException ignored) {
        // the test went away: stop as well
      }
      System.exit(0);
    }, "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** Keeps stdout for the progress lines: logback's default configuration would log everything at DEBUG there. */
  private static void quietLogging() {
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
