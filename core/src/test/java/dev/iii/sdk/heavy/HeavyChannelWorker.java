package dev.iii.sdk.heavy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.ChannelReader;
import dev.iii.sdk.ChannelWriter;
import dev.iii.sdk.FunctionDef;
import dev.iii.sdk.III;
import dev.iii.sdk.InitOptions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.util.ByteString;

/**
 * One side of the heavy channel scenario, as its own JVM (run with a small heap, e.g. {@code -Xmx96m}):
 * {@code HeavyChannelWorker writer|reader <engine url>}. Prints {@code READY} once its function is registered and
 * runs until stdin closes.
 *
 * <ul>
 *   <li>{@code heavy::write} {@code {"output": <writer ref>, "bytes": n, "seed": s}}: writes n seeded pseudo-random
 *       bytes in 64 KiB writes, closes, returns {@code {"sha256","bytes"}}.
 *   <li>{@code heavy::read} {@code {"input": <reader ref>, "rate": bytes/s, "pause_at": byte offset,
 *       "pause_ms": ms}}: reads throttled to {@code rate}, stops reading for {@code pause_ms} once {@code pause_at}
 *       bytes were read, returns {@code {"sha256","bytes","paused_ms"}}.
 * </ul>
 */
public final class HeavyChannelWorker {
  static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(30);

  private HeavyChannelWorker() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      // The ActorSystem's threads would keep a failed JVM alive: exit, so the parent sees it at once.
      t.printStackTrace();
      System.out.println("FATAL " + t);
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("writer") || args[0].equals("reader"))) {
      System.err.println("usage: HeavyChannelWorker writer|reader <engine url>");
      System.exit(2);
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "heavy-" + args[0]);
    Materializer mat = Materializer.matFromSystem(system);
    III iii = III.registerWorker(system, args[1], InitOptions.newBuilder().workerName("heavy-" + args[0]).build());
    if (args[0].equals("writer")) {
      iii.registerFunction(FunctionDef.json("heavy::write", (in, ctx) -> write(ctx.channels().writer(in.get("output")),
          in.path("bytes").asLong(), in.path("seed").asLong())).toBuilder().handlerTimeout(HANDLER_TIMEOUT).build());
    } else {
      iii.registerFunction(FunctionDef.json("heavy::read", (in, ctx) -> read(ctx.channels().reader(in.get("input")),
          in, mat)).toBuilder().handlerTimeout(HANDLER_TIMEOUT).build());
    }
    iii.awaitRegistrations().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("READY " + iii.workerId());
    System.out.flush();
    // Runs until the parent closes our stdin (or dies).
    CountDownLatch done = new CountDownLatch(1);
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // ignore input
        }
      } catch (java.io.IOException ignored) {
        // the parent went away: stop as well
      }
      done.countDown();
    }, "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
    done.await();
    iii.shutdown();
    system.terminate();
    System.exit(0);
  }

  static Map<String, Object> write(ChannelWriter writer, long total, long seed) {
    MessageDigest sha = sha256();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    while (written < total) {
      int n = (int) Math.min(chunk.length, total - written);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          chunk[i + j] = (byte) (v >>> (8 * j));
        }
      }
      byte[] piece = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
      writer.write(piece); // copied by the writer, so the buffer can be reused
      sha.update(piece);
      written += n;
    }
    writer.close();
    return Map.of("sha256", HexFormat.of().formatHex(sha.digest()), "bytes", written);
  }

  static Map<String, Object> read(ChannelReader reader, JsonNode in, Materializer mat) {
    int rate = in.path("rate").asInt();
    long pauseAt = in.path("pause_at").asLong();
    long pauseMs = in.path("pause_ms").asLong();
    MessageDigest sha = sha256();
    long[] count = {0};
    long[] paused = {0};
    AtomicBoolean pausedOnce = new AtomicBoolean();
    try {
      reader.source()
          // cost = bytes: at most `rate` bytes a second, in bursts of up to one second's worth
          .throttle(rate, Duration.ofSeconds(1), rate, ByteString::size, ThrottleMode.shaping())
          .mapAsync(1, bs -> {
            if (count[0] >= pauseAt && pausedOnce.compareAndSet(false, true)) {
              long start = System.nanoTime();
              return CompletableFuture.supplyAsync(() -> {
                paused[0] = (System.nanoTime() - start) / 1_000_000;
                return bs;
              }, CompletableFuture.delayedExecutor(pauseMs, TimeUnit.MILLISECONDS));
            }
            return CompletableFuture.completedFuture(bs);
          })
          .runForeach(bs -> {
            for (ByteBuffer b : bs.getByteBuffers()) {
              sha.update(b);
            }
            count[0] += bs.size();
          }, mat)
          .toCompletableFuture()
          .get(HANDLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("reading failed after " + count[0] + " bytes: " + e, e);
    }
    return Map.of("sha256", HexFormat.of().formatHex(sha.digest()), "bytes", count[0], "paused_ms", paused[0]);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
