package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What a channel end concludes from the engine's Close frame. Finding the frame in the byte stream (after data
 * frames of every size, cut anywhere, a truncated one not counting) is the socket's job: {@code WsInboundTest}.
 */
class CloseFrameWatchTest {

  @Test
  void nothingIsSeenUntilTheSocketReportsAClose() {
    CloseFrameWatch w = new CloseFrameWatch();
    assertFalse(w.closeFrameSeen());
    assertFalse(w.normalClose());
  }

  @Test
  void onlyCode1000OrNoCodeIsANormalClose() {
    for (int[] c : new int[][] {{1000, 1}, {1005, 1}, {1011, 0}, {1001, 0}}) {
      CloseFrameWatch w = new CloseFrameWatch();
      w.closeFrame(c[0]);
      assertTrue(w.closeFrameSeen(), "code " + c[0]);
      assertEquals(c[1] == 1, w.normalClose(), "code " + c[0]);
    }
  }
}
