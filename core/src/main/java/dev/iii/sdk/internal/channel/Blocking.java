package dev.iii.sdk.internal.channel;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Blocking waits of the plain (non-stream) channel API, refused on Pekko threads where they could deadlock. */
final class Blocking {
  private Blocking() {}

  static void checkMayBlock(String method) {
    Thread t = Thread.currentThread();
    String name = t.getName();
    if (t.getClass().getName().startsWith("org.apache.pekko.") || name.contains("pekko.actor.")
        || name.contains("pekko.io.") || name.contains("iii.dispatcher")) {
      throw new IllegalStateException(method + " blocks and must not be called on a Pekko dispatcher thread ("
          + name + "); use the stream API (sink()/source()) instead");
    }
  }

  /** Waits for a stage; its failure is rethrown as is when unchecked. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the channel", e);
    } catch (ExecutionException e) {
      Throwable c = ChannelFailures.unwrap(e);
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c.toString(), c);
    }
  }
}
