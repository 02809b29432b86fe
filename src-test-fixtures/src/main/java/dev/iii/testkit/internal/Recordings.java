package dev.iii.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the engine observed, kept for test assertions: telemetry frames, upgrade requests, dropped frames (the
 * last {@value #MAX_DROPPED}), a count of decoded frames and the records of {@code engine::log::*}.
 */
public final class Recordings {
  public static final int MAX_DROPPED = 1000;
  public static final int MAX_KEPT = 10_000;

  /** A telemetry frame: kind OTLP/LOGS/MTRC, the socket path and the parsed JSON body. */
  public record Telemetry(String kind, String path, JsonNode body) {}

  public record Upgrade(String path, Map<String, String> headers) {}

  /** A frame the decoder rejected: the connection (null on /otel), the text and serde-like reason. */
  public record Dropped(@Nullable String workerId, String path, String frame, String reason) {}

  /** A record stored by {@code engine::log::<level>}. */
  public record Log(String level, String message, @Nullable JsonNode data, @Nullable String workerId) {}

  private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
  private final List<Upgrade> upgrades = new CopyOnWriteArrayList<>();
  private final List<Log> logs = new CopyOnWriteArrayList<>();
  private final Deque<Dropped> dropped = new ArrayDeque<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong droppedCount = new AtomicLong();

  public void telemetry(Telemetry t) {
    // Bounded so a long-running standalone engine with telemetry on does not grow without limit.
    if (telemetry.size() < MAX_KEPT) {
      telemetry.add(t);
    }
  }

  public void upgrade(Upgrade u) {
    if (upgrades.size() < MAX_KEPT) {
      upgrades.add(u);
    }
  }

  public void log(Log l) {
    if (logs.size() < MAX_KEPT) {
      logs.add(l);
    }
  }

  public void accepted() {
    accepted.incrementAndGet();
  }

  public void dropped(Dropped d) {
    droppedCount.incrementAndGet();
    synchronized (dropped) {
      dropped.addLast(d);
      if (dropped.size() > MAX_DROPPED) {
        dropped.removeFirst();
      }
    }
  }

  public List<Telemetry> telemetry() {
    return List.copyOf(telemetry);
  }

  public List<Upgrade> upgrades() {
    return List.copyOf(upgrades);
  }

  public List<Log> logs() {
    return List.copyOf(logs);
  }

  public List<Dropped> dropped() {
    synchronized (dropped) {
      return new ArrayList<>(dropped);
    }
  }

  public long acceptedCount() {
    return accepted.get();
  }

  public long droppedCount() {
    return droppedCount.get();
  }
}
