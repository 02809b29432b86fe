package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.iii.sdk.ChannelRef;
import dev.iii.sdk.ChannelWriter;
import dev.iii.testkit.internal.channels.ChannelHub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The access key must never appear in a log line, ours or Pekko's (client and server, at DEBUG, through SLF4J):
 * through a happy path, a wrong key (404), a refused connection and a transfer aborted by the engine going away.
 */
class AccessKeyLoggingTest {
  private static final Config DEBUG_TO_SLF4J = ConfigFactory.parseString(String.join("\n",
      "pekko.loglevel = DEBUG",
      "pekko.stdout-loglevel = OFF",
      "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
      "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
      "pekko.log-dead-letters = on",
      "pekko.log-dead-letters-during-shutdown = on"))
      .withFallback(ConfigFactory.load());

  @Test
  void theKeyNeverAppearsInAnyLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    List<String> keys = new ArrayList<>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "key-logging", DEBUG_TO_SLF4J);
    try {
      try (HubServer engine = new HubServer(DEBUG_TO_SLF4J)) {
        ChannelFactory factory = new ChannelFactory(system, engine.workerUrl(), null);

        // Happy path, both ends.
        ChannelHub.Created ok = engine.create(8);
        keys.add(ok.accessKey());
        ChannelWriter w = factory.openWriter(HubServer.ref(ok, ChannelRef.Direction.WRITE));
        w.write(new byte[] {1, 2, 3});
        w.sendMessage("hello");
        w.close();
        Waits.await(factory.openReader(HubServer.ref(ok, ChannelRef.Direction.READ)).readAll(100));

        // Wrong key: 404 on both ends.
        ChannelHub.Created other = engine.create(8);
        String wrong = "wrong-" + other.accessKey();
        keys.add(wrong);
        ChannelRef bad = new ChannelRef(other.channelId(), wrong, ChannelRef.Direction.READ);
        Waits.failureOf(factory.openReader(bad).messages().runWith(Sink.ignore(), system));
        Waits.failureOf(Source.single(ByteString.fromString("x"))
            .runWith(factory.openWriter(bad.withDirection(ChannelRef.Direction.WRITE)).sink(), system));

        // Aborted transfer: the engine goes away mid-stream.
        ChannelHub.Created aborted = engine.create(4);
        keys.add(aborted.accessKey());
        AtomicLong got = new AtomicLong();
        CompletionStage<Done> reading = factory.openReader(HubServer.ref(aborted, ChannelRef.Direction.READ))
            .source().runWith(Sink.foreach(b -> got.addAndGet(b.size())), system);
        CompletionStage<Done> writing = Source.repeat(ByteString.fromArray(new byte[65_536]))
            .runWith(factory.openWriter(HubServer.ref(aborted, ChannelRef.Direction.WRITE)).sink(), system);
        Waits.condition(() -> got.get() > 1 << 20, "1 MiB transferred");
        engine.kill();
        Waits.failureOf(reading);
        Waits.failureOf(writing);

        // Refused connection: nobody listens any more.
        String refusedKey = "refused-key-0f9e8d7c";
        keys.add(refusedKey);
        ChannelRef nowhere = new ChannelRef("some-channel", refusedKey, ChannelRef.Direction.READ);
        Waits.failureOf(factory.openReader(nowhere).messages().runWith(Sink.ignore(), system));
        Waits.failureOf(factory.openWriter(nowhere.withDirection(ChannelRef.Direction.WRITE)).closeAsync());
      }
    } finally {
      system.terminate();
      Waits.await(system.getWhenTerminated());
      root.detachAppender(logs);
      root.setLevel(before);
    }

    List<ILoggingEvent> events = new ArrayList<>(logs.list);
    assertTrue(events.stream().anyMatch(e -> e.getLevel() == Level.DEBUG
        && e.getLoggerName().startsWith("org.apache.pekko")), "Pekko's DEBUG lines were captured");
    assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("writer finished")),
        "our DEBUG lines were captured");
    for (ILoggingEvent e : events) {
      String text = render(e);
      for (String key : keys) {
        assertFalse(text.contains(key), "the access key appears in a log line: " + text.replace(key, "<KEY>"));
      }
    }
  }

  private static String render(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    e.getMDCPropertyMap().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }
}
