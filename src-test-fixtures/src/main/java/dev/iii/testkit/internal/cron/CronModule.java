package dev.iii.testkit.internal.cron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.EngineCore;
import dev.iii.testkit.internal.InvocationRouter;
import dev.iii.testkit.internal.Json;
import dev.iii.testkit.internal.Outcome;
import dev.iii.testkit.internal.TriggerEntry;
import dev.iii.testkit.internal.TriggerRegistrator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cron} trigger type (ENGINE §5.6). Registration fails — so the engine logs it and does not store the
 * trigger — for a missing, empty or invalid expression and for a trigger id that already has a job. Each job is
 * one loop on the engine clock: wait for the next matching instant after now, (check the condition,) call the
 * function and wait for it to finish, then compute the next instant from the time it finished — so runs never
 * overlap, ticks passing meanwhile are skipped, and a handler that never answers stops the job for good.
 */
public final class CronModule implements TriggerRegistrator {
  private static final Logger LOG = LoggerFactory.getLogger(CronModule.class);
  private static final DateTimeFormatter SCHEDULED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ACTUAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'+00:00'").withZone(ZoneOffset.UTC);

  private final EngineClock clock;
  private final InvocationRouter router;
  private final Map<String, Job> jobs = new HashMap<>();

  private CronModule(EngineClock clock, InvocationRouter router) {
    this.clock = clock;
    this.router = router;
  }

  public static CronModule install(EngineCore core, EngineClock clock) {
    CronModule m = new CronModule(clock, core.router());
    core.triggerHub().setBuiltinType("cron", "Cron-based scheduled trigger", m);
    return m;
  }

  @Override
  public CompletionStage<Void> register(TriggerEntry t) {
    JsonNode expr = t.config().get("expression");
    String text = expr != null && expr.isTextual() ? expr.textValue() : "";
    if (text.isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Cron expression is required"));
    }
    CronExpression parsed;
    try {
      parsed = CronExpression.parse(text);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("Invalid cron expression '" + text + "': " + e.getMessage()));
    }
    JsonNode cond = t.config().get("condition_function_id");
    Job job = new Job(t, parsed, cond != null && cond.isTextual() && !cond.textValue().isEmpty() ? cond.textValue() : null);
    synchronized (jobs) {
      if (jobs.containsKey(t.id())) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("Cron job '" + t.id() + "' is already registered"));
      }
      jobs.put(t.id(), job);
    }
    job.arm();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> unregister(TriggerEntry t) {
    Job job;
    synchronized (jobs) {
      job = jobs.remove(t.id());
    }
    if (job == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("Cron job '" + t.id() + "' not found"));
    }
    job.stop();
    return CompletableFuture.completedFuture(null);
  }

  /** Stops every job (engine stopped): no tick fires afterwards, even on the shared system clock. */
  public void close() {
    List<Job> all;
    synchronized (jobs) {
      all = List.copyOf(jobs.values());
      jobs.clear();
    }
    all.forEach(Job::stop);
  }

  /** Trigger ids with a live job (for tests). */
  public int jobCount() {
    synchronized (jobs) {
      return jobs.size();
    }
  }

  private final class Job {
    private final TriggerEntry trigger;
    private final CronExpression expression;
    private final @Nullable String conditionFunctionId;
    private final Object lock = new Object();
    private EngineClock.@Nullable Scheduled next;
    private boolean stopped;

    Job(TriggerEntry trigger, CronExpression expression, @Nullable String conditionFunctionId) {
      this.trigger = trigger;
      this.expression = expression;
      this.conditionFunctionId = conditionFunctionId;
    }

    void arm() {
      Instant now = clock.now();
      Instant at = expression.nextAfter(now);
      synchronized (lock) {
        if (stopped) {
          return;
        }
        if (at == null) {
          LOG.info("cron job {} ({}) has no future fire time; it ends", trigger.id(), expression);
          return;
        }
        next = clock.schedule(Duration.between(now, at), () -> fire(at));
      }
    }

    void stop() {
      synchronized (lock) {
        stopped = true;
        if (next != null) {
          next.cancel();
        }
      }
    }

    private void fire(Instant scheduled) {
      synchronized (lock) {
        if (stopped) {
          return;
        }
        next = null;
      }
      ObjectNode payload = Json.object();
      payload.put("trigger", "cron");
      payload.put("job_id", trigger.id());
      payload.put("scheduled_time", SCHEDULED.format(scheduled));
      payload.put("actual_time", ACTUAL.format(clock.now()));
      run(payload).whenComplete((o, ex) -> {
        if (ex != null || (o != null && o.isError())) {
          // The result is ignored and errors are only logged: there are no retries for cron.
          LOG.warn("cron job {} calling {} failed: {}", trigger.id(), trigger.functionId(),
              ex != null ? ex.toString() : o.error().message());
        }
        arm(); // only now: the next tick is the first one after this run finished
      });
    }

    private CompletionStage<Outcome> run(ObjectNode payload) {
      if (conditionFunctionId == null) {
        return router.call(trigger.functionId(), payload, null, null);
      }
      return router.call(conditionFunctionId, payload, null, null).thenCompose(c -> {
        // Only a literal false skips; a condition error also skips (ENGINE §5.4).
        if (c.isError() || (c.result() != null && c.result().isBoolean() && !c.result().booleanValue())) {
          return CompletableFuture.completedFuture(c);
        }
        return router.call(trigger.functionId(), payload, null, null);
      });
    }
  }
}
