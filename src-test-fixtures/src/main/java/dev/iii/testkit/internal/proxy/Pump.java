package dev.iii.testkit.internal.proxy;

import dev.iii.testkit.FaultProxy.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a proxied connection. The reader takes bytes off the source as they come and stamps them;
 * the writer applies the fault mode at the moment it is about to write, so that a mode change reaches bytes
 * already read. The queue between them is bounded: a slow destination pushes back on the source through TCP,
 * as it would without the proxy.
 */
final class Pump {
  private static final int CHUNK_BYTES = 16 * 1024;
  private static final int QUEUE_CHUNKS = 64;

  private final ProxyConnection connection;
  private final Socket from;
  private final Socket to;
  private final FaultState state;
  private final TrafficCounters counters;
  /** Close the connection once this many bytes went through this direction; negative = never. */
  private final long byteLimit;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private long written;

  Pump(ProxyConnection connection, Socket from, Socket to, FaultState state, TrafficCounters counters,
      long byteLimit) {
    this.connection = connection;
    this.from = from;
    this.to = to;
    this.state = state;
    this.counters = counters;
    this.byteLimit = byteLimit;
  }

  void readLoop() {
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      InputStream in = from.getInputStream();
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          enqueue(Chunk.END_OF_STREAM);
          return;
        }
        if (!enqueue(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()))) {
          return;
        }
      }
    } catch (IOException e) {
      // A reset from the source, or our own close of the socket: the writer decides (the latter is a no-op).
      enqueue(Chunk.FAILED);
    }
  }

  /** Queues a chunk, giving up once the connection is closed (its writer may be gone and the queue full). */
  private boolean enqueue(Chunk chunk) {
    try {
      while (!connection.isClosed()) {
        if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  void writeLoop() {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk chunk = queue.take();
        if (chunk.isEnd()) {
          state.awaitNotBlackHole();
          if (chunk == Chunk.END_OF_STREAM) {
            connection.halfClose(to);
          } else {
            connection.abort();
          }
          return;
        }
        state.awaitDue(chunk.arrivalNanos);
        Mode.Kind kind = state.mode().kind();
        if (kind == Mode.Kind.BLACK_HOLE) {
          counters.discarded.add(chunk.bytes.length); // silently, as far as both sides can tell
          continue;
        }
        if (kind == Mode.Kind.RESET) {
          connection.abort(); // normally already done by the mode switch; covers a chunk racing with it
          return;
        }
        if (!write(out, chunk.bytes)) {
          connection.closeGracefully();
          return;
        }
      }
    } catch (IOException e) {
      connection.abort();
    } catch (InterruptedException e) {
      // The connection is closing.
    }
  }

  /** Writes within the byte limit; returns false once the limit is reached. */
  private boolean write(OutputStream out, byte[] bytes) throws IOException {
    int allowed = byteLimit < 0 ? bytes.length : (int) Math.min(bytes.length, byteLimit - written);
    if (allowed > 0) {
      out.write(bytes, 0, allowed);
      out.flush();
      written += allowed;
      counters.forwarded.add(allowed);
    }
    return byteLimit < 0 || written < byteLimit;
  }
}
