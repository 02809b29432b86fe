package dev.iii.testkit.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.channels.RawChannelSocket.Closed;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The 5-minute sweep of channels with an end never taken (ENGINE §9.3), on an injected clock. */
class ChannelSweepTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void channelsWithAnUntakenEndAreSweptAfterFiveMinutes() throws Exception {
    try (HubServer server = new HubServer(Clock.fixed(T0, ZoneOffset.UTC))) {
      ChannelHub hub = server.hub;
      ChannelHub.Created untouched = hub.create(8);
      ChannelHub.Created readerOnly = hub.create(8);
      ChannelHub.Created both = hub.create(8);
      try (RawChannelSocket waiting = RawChannelSocket.connect(server.url(readerOnly, "read"));
          RawChannelSocket w = RawChannelSocket.connect(server.url(both, "write"));
          RawChannelSocket r = RawChannelSocket.connect(server.url(both, "read"))) {
        assertEquals(0, hub.sweep(T0.plus(Duration.ofMinutes(5))), "not older than five minutes yet");
        assertEquals(2, hub.sweep(T0.plus(Duration.ofMinutes(6))));
        assertTrue(hub.state(untouched.channelId()).isEmpty());
        assertTrue(hub.state(readerOnly.channelId()).isEmpty());
        assertFalse(hub.state(both.channelId()).isEmpty(), "both ends taken: never swept");
        // The never-taken writing end is dropped with the record: the waiting reader sees end-of-stream.
        assertInstanceOf(Closed.class, waiting.next());
        w.sendText("alive");
        assertEquals("alive", ((RawChannelSocket.Text) r.next()).text());
      }
    }
  }
}
