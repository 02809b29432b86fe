package dev.iii.sdk.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameBufferTest {
  private static byte[] frame(int i) {
    return new byte[] {(byte) (i >> 8), (byte) i};
  }

  @Test
  void keepsTheNewestThousandAndCountsTheDroppedOldest() {
    FrameBuffer buffer = new FrameBuffer(FrameBuffer.DEFAULT_CAPACITY);
    for (int i = 0; i < 1250; i++) {
      buffer.offer(frame(i));
    }
    assertEquals(1000, buffer.size());
    assertEquals(250, buffer.dropped());
    assertArrayEquals(frame(250), buffer.poll(), "the oldest 250 were dropped");
    for (int i = 251; i < 1250; i++) {
      assertArrayEquals(frame(i), buffer.poll());
    }
    assertNull(buffer.poll());
  }

  @Test
  void aWaitingConsumerIsSignalledAndCloseEndsIt() throws Exception {
    FrameBuffer buffer = new FrameBuffer(4);
    CompletableFuture<Boolean> available = buffer.whenAvailable().toCompletableFuture();
    assertFalse(available.isDone());
    buffer.offer(frame(1));
    assertTrue(available.get(1, TimeUnit.SECONDS));
    assertArrayEquals(frame(1), buffer.poll());

    CompletableFuture<Boolean> next = buffer.whenAvailable().toCompletableFuture();
    buffer.close();
    assertFalse(next.get(1, TimeUnit.SECONDS), "closed and empty");
    buffer.offer(frame(2));
    assertEquals(1, buffer.dropped(), "a frame offered after close is counted, not kept");
    assertEquals(0, buffer.size());
  }

  @Test
  void closedBufferStillDrainsWhatItHolds() throws Exception {
    FrameBuffer buffer = new FrameBuffer(4);
    buffer.offer(frame(1));
    buffer.close();
    assertTrue(buffer.whenAvailable().toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertArrayEquals(frame(1), buffer.poll());
    assertFalse(buffer.whenAvailable().toCompletableFuture().get(1, TimeUnit.SECONDS));
  }
}
