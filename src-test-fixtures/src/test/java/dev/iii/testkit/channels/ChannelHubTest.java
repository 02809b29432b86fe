package dev.iii.testkit.channels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.channels.RawChannelSocket.Binary;
import dev.iii.testkit.channels.RawChannelSocket.Closed;
import dev.iii.testkit.channels.RawChannelSocket.Event;
import dev.iii.testkit.channels.RawChannelSocket.Text;
import dev.iii.testkit.internal.BuiltinInput;
import dev.iii.testkit.internal.channels.ChannelHub;
import dev.iii.testkit.support.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channel endpoint against raw WebSocket clients (ENGINE §9, §14.3 item 14). */
class ChannelHubTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static HubServer server;
  private static ChannelHub hub;

  @BeforeAll
  static void start() throws Exception {
    server = new HubServer();
    hub = server.hub;
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void createAppliesTheEngineBufferRules() {
    assertEquals(64, hub.create((Long) null).bufferSize());
    assertEquals(1, hub.create(0).bufferSize());
    assertEquals(16, hub.create(16).bufferSize());
    assertEquals(1024, hub.create(5000).bufferSize());
    assertEquals(1024, hub.create(Long.MAX_VALUE).bufferSize());
    BuiltinInput.InputException e = assertThrows(BuiltinInput.InputException.class, () -> hub.create(-1));
    assertEquals("invalid value: integer `-1`, expected usize", e.getMessage());
  }

  @Test
  void createResultHasTwoRefsWithOneIdAndKey() {
    ChannelHub.Created c = hub.create(8);
    var r = c.toResult();
    assertEquals("{\"reader\":{\"access_key\":\"" + c.accessKey() + "\",\"channel_id\":\"" + c.channelId()
        + "\",\"direction\":\"read\"},\"writer\":{\"access_key\":\"" + c.accessKey() + "\",\"channel_id\":\""
        + c.channelId() + "\",\"direction\":\"write\"}}", r.toString());
    assertFalse(c.toString().contains(c.accessKey()), "toString must not show the key");
  }

  @Test
  void unknownChannelOrWrongKeyIs404AndBadQueryIs400() throws Exception {
    ChannelHub.Created c = hub.create(8);
    String base = server.base() + "/ws/channels/";
    assertEquals(404, handshakeStatus(base + c.channelId() + "?key=wrong&dir=read"));
    assertEquals(404, handshakeStatus(base + "no-such-channel?key=" + c.accessKey() + "&dir=write"));
    HttpResponse<String> plain = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base.replace("ws://", "http://") + c.channelId() + "?key=x&dir=read"))
            .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, plain.statusCode());
    assertEquals("Channel not found", plain.body());
    assertEquals(400, handshakeStatus(base + c.channelId() + "?key=" + c.accessKey()));
    assertEquals(400, handshakeStatus(base + c.channelId() + "?key=" + c.accessKey() + "&dir=READ"));
    assertEquals(400, handshakeStatus(base + c.channelId() + "?dir=read"));
    // None of these took an end.
    assertFalse(hub.state(c.channelId()).orElseThrow().readerTaken());
    assertFalse(hub.state(c.channelId()).orElseThrow().writerTaken());
  }

  @Test
  void eachEndIsTakenOnceAndTheSecondSocketIsClosedAtOnce() throws Exception {
    ChannelHub.Created c = hub.create(8);
    try (RawChannelSocket w1 = RawChannelSocket.connect(server.url(c, "write"));
        RawChannelSocket w2 = RawChannelSocket.connect(server.url(c, "write"));
        RawChannelSocket r1 = RawChannelSocket.connect(server.url(c, "read"));
        RawChannelSocket r2 = RawChannelSocket.connect(server.url(c, "read"))) {
      assertInstanceOf(Closed.class, w2.next(), "second writer closed without data");
      assertInstanceOf(Closed.class, r2.next(), "second reader closed without data");
      w1.sendText("still works");
      assertEquals(new Text("still works").text(), ((Text) r1.next()).text());
    }
  }

  @Test
  void theBufferCountsMessagesAndStallsTheWriterWhenFull() throws Exception {
    ChannelHub.Created c = hub.create(4);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"))) {
      // Tiny messages: the byte size is irrelevant, only the count matters.
      List<CompletableFuture<?>> sends = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sends.add(i % 2 == 0
            ? w.socket.sendText("t" + i, true)
            : w.socket.sendBinary(java.nio.ByteBuffer.wrap(("b" + i).getBytes(StandardCharsets.UTF_8)), true));
        sends.get(i).get(10, TimeUnit.SECONDS); // java.net.http allows one outstanding send
      }
      Await.condition(WAIT, () -> hub.state(c.channelId()).orElseThrow().writerStalled(), () -> "writer stalled");
      ChannelHub.ChannelState s = hub.state(c.channelId()).orElseThrow();
      assertEquals(4, s.queued(), "four messages queued, the fifth waits for space: " + s);
      try (RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
        for (int i = 0; i < 10; i++) {
          Event e = r.next();
          if (i % 2 == 0) {
            assertEquals("t" + i, ((Text) e).text());
          } else {
            assertEquals("b" + i, RawChannelSocket.utf8(((Binary) e).bytes()));
          }
        }
        w.sendClose();
        assertEquals(1000, ((Closed) r.next()).code());
      }
    }
  }

  @Test
  void theReaderIsClosedOnlyAfterTheWriterIsGoneAndTheBufferDrained() throws Exception {
    ChannelHub.Created c = hub.create(8);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"));
        RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
      w.sendText("one");
      assertEquals("one", ((Text) r.next()).text());
      // The reader has drained the buffer but the writer is still there: no Close, more data still flows.
      assertTrue(r.events.isEmpty());
      w.sendBinary(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, ((Binary) r.next()).bytes());
      w.sendClose();
      assertEquals(1000, ((Closed) r.next()).code());
      assertTrue(hub.state(c.channelId()).orElseThrow().writerReleased());
    }
  }

  @Test
  void aWriterCanFinishBeforeTheReaderConnects() throws Exception {
    ChannelHub.Created c = hub.create(8);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"))) {
      w.sendText("a");
      w.sendText("b");
      w.sendClose();
      assertInstanceOf(Closed.class, w.next(), "the engine answers the writer's Close");
    }
    Await.condition(WAIT, () -> hub.state(c.channelId()).orElseThrow().writerReleased());
    try (RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
      assertEquals("a", ((Text) r.next()).text());
      assertEquals("b", ((Text) r.next()).text());
      assertEquals(1000, ((Closed) r.next()).code());
    }
  }

  @Test
  void aWriterThatClosesWhileStalledLosesNothing() throws Exception {
    ChannelHub.Created c = hub.create(2);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"))) {
      for (int i = 0; i < 8; i++) {
        w.sendText("m" + i);
      }
      w.sendClose(); // behind the data: the engine reads it only once the queue has room for everything before
      Await.condition(WAIT, () -> hub.state(c.channelId()).orElseThrow().writerStalled());
      assertTrue(w.events.isEmpty(), "no Close answer while data is still unread");
      try (RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
        for (int i = 0; i < 8; i++) {
          assertEquals("m" + i, ((Text) r.next()).text());
        }
        assertEquals(1000, ((Closed) r.next()).code());
      }
      assertInstanceOf(Closed.class, w.next(), "the Close answer comes after everything was queued");
    }
  }

  @Test
  void aWriterThatDropsItsConnectionIsANormalEndForTheReader() throws Exception {
    ChannelHub.Created c = hub.create(8);
    RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"));
    w.sendText("before the crash");
    Await.condition(WAIT, () -> hub.state(c.channelId()).orElseThrow().queued() == 1);
    w.close(); // abort: TCP connection dropped, no Close frame
    try (RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
      assertEquals("before the crash", ((Text) r.next()).text());
      assertEquals(1000, ((Closed) r.next()).code());
    }
  }

  @Test
  void aReaderThatGoesAwayMakesTheEngineDropTheWriter() throws Exception {
    ChannelHub.Created c = hub.create(2);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"))) {
      RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"));
      w.sendText("x");
      assertEquals("x", ((Text) r.next()).text());
      r.close();
      // The engine notices on its next push at the latest, then stops reading the writer and drops it.
      Event e = null;
      for (int i = 0; i < 100 && e == null; i++) {
        try {
          w.socket.sendText("y" + i, true).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
          break; // the socket is already gone
        }
        e = w.events.poll(20, TimeUnit.MILLISECONDS);
      }
      Event end = e != null ? e : w.next();
      assertFalse(end instanceof Text || end instanceof Binary, "writer gets no data, only its end: " + end);
    }
  }

  @Test
  void aWriterPingIsAnswered() throws Exception {
    ChannelHub.Created c = hub.create(8);
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"))) {
      w.socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {7})).get(10, TimeUnit.SECONDS);
      w.pong.get(10, TimeUnit.SECONDS);
      assertEquals(0, hub.state(c.channelId()).orElseThrow().queued(), "pings are not forwarded");
    }
  }

  @Test
  void largeTransfersArriveIntactAndInOrder() throws Exception {
    ChannelHub.Created c = hub.create(4);
    Random random = new Random(42);
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    try (RawChannelSocket w = RawChannelSocket.connect(server.url(c, "write"));
        RawChannelSocket r = RawChannelSocket.connect(server.url(c, "read"))) {
      CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
        long total = 0;
        try {
          while (true) {
            Event e = r.next();
            if (e instanceof Closed) {
              return total;
            }
            byte[] b = ((Binary) e).bytes();
            got.update(b);
            total += b.length;
          }
        } catch (InterruptedException ex) {
          throw new IllegalStateException(ex);
        }
      });
      long total = 0;
      // 24 MiB in messages from 1 byte to 3 MiB (the client fragments big ones; the engine reassembles them).
      while (total < 24L << 20) {
        byte[] b = new byte[1 + random.nextInt(3 << 20)];
        random.nextBytes(b);
        sent.update(b);
        total += b.length;
        w.sendBinary(b);
      }
      w.sendClose();
      assertEquals(total, reading.get(60, TimeUnit.SECONDS));
      assertArrayEquals(sent.digest(), got.digest());
    }
  }

  @Test
  void closingTheHubDropsLiveSockets() throws Exception {
    try (HubServer own = new HubServer()) {
      ChannelHub.Created c = own.hub.create(8);
      try (RawChannelSocket r = RawChannelSocket.connect(own.url(c, "read"))) {
        own.hub.close();
        Event e = r.next();
        assertFalse(e instanceof Text || e instanceof Binary, "no data, only the end: " + e);
      }
    }
  }

  private static int handshakeStatus(String url) throws Exception {
    try {
      RawChannelSocket.connect(url).close();
      return 101;
    } catch (ExecutionException e) {
      WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      return h.getResponse().statusCode();
    }
  }
}
