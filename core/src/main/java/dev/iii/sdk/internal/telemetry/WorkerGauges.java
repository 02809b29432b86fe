package dev.iii.sdk.internal.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker resource gauges of PROTOCOL §9.3, each point attributed with {@code worker.id}. They are registered the
 * first time a worker id is known; the callbacks read the current id, so after a reconnect (new id) the next points
 * carry the new id, and while no id is known (disconnected) no points are reported.
 *
 * <p>Reported: {@code iii.worker.memory.heap_used} / {@code heap_total} (JVM heap used / committed),
 * {@code iii.worker.memory.rss} (VmRSS of /proc/self/status, Linux only), {@code iii.worker.cpu.percent} (recent
 * process CPU load as a share of all cores, when the JVM exposes it) and {@code iii.worker.uptime_seconds}. Omitted:
 * {@code memory.external}, {@code cpu.user_micros}/{@code system_micros} (the JVM exposes no user/system split) and
 * {@code event_loop.lag_ms} (no event loop).
 */
final class WorkerGauges implements AutoCloseable {
  static final AttributeKey<String> WORKER_ID = AttributeKey.stringKey("worker.id");
  private static final Logger LOG = LoggerFactory.getLogger(WorkerGauges.class);
  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private final Meter meter;
  private final List<AutoCloseable> instruments = new ArrayList<>();
  private volatile @Nullable Attributes attributes;
  private boolean registered;
  private boolean closed;

  WorkerGauges(Meter meter) {
    this.meter = meter;
  }

  /** Sets the id the next points carry (null: report nothing); registers the gauges the first time. */
  synchronized void onWorkerId(@Nullable String workerId) {
    attributes = workerId == null ? null : Attributes.of(WORKER_ID, workerId);
    if (workerId != null && !registered && !closed) {
      register();
      registered = true;
    }
  }

  private void register() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    instruments.add(meter.gaugeBuilder("iii.worker.memory.heap_used").ofLongs().setUnit("By")
        .setDescription("JVM heap used").buildWithCallback(m -> {
          Attributes a = attributes;
          if (a != null) {
            m.record(memory.getHeapMemoryUsage().getUsed(), a);
          }
        }));
    instruments.add(meter.gaugeBuilder("iii.worker.memory.heap_total").ofLongs().setUnit("By")
        .setDescription("JVM heap committed").buildWithCallback(m -> {
          Attributes a = attributes;
          if (a != null) {
            m.record(memory.getHeapMemoryUsage().getCommitted(), a);
          }
        }));
    if (readRss().isPresent()) {
      instruments.add(meter.gaugeBuilder("iii.worker.memory.rss").ofLongs().setUnit("By")
          .setDescription("resident set size").buildWithCallback(m -> {
            Attributes a = attributes;
            OptionalLong rss = readRss();
            if (a != null && rss.isPresent()) {
              m.record(rss.getAsLong(), a);
            }
          }));
    }
    if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
      instruments.add(meter.gaugeBuilder("iii.worker.cpu.percent").setUnit("%")
          .setDescription("recent process CPU load, share of all cores").buildWithCallback(m -> {
            Attributes a = attributes;
            double load = sunOs.getProcessCpuLoad();
            if (a != null && load >= 0) {
              m.record(load * 100.0, a);
            }
          }));
    }
    instruments.add(meter.gaugeBuilder("iii.worker.uptime_seconds").setUnit("s")
        .setDescription("time since the JVM started").buildWithCallback(m -> {
          Attributes a = attributes;
          if (a != null) {
            m.record(runtime.getUptime() / 1000.0, a);
          }
        }));
  }

  /** VmRSS in bytes from /proc/self/status (Linux), empty elsewhere. */
  static OptionalLong readRss() {
    if (!Files.isReadable(PROC_STATUS)) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          long kb = Long.parseLong(parts[0]);
          return OptionalLong.of(kb * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read VmRSS from {}: {}", PROC_STATUS, e.toString());
    }
    return OptionalLong.empty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    attributes = null;
    for (AutoCloseable i : instruments) {
      try {
        i.close();
      } catch (Exception e) {
        LOG.debug("closing a gauge failed: {}", e.toString());
      }
    }
    instruments.clear();
  }
}
