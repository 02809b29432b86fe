package dev.iii.testkit.cron;

import static dev.iii.testkit.queue.Wire.answerOk;
import static dev.iii.testkit.queue.Wire.awaitInvoke;
import static dev.iii.testkit.queue.Wire.pendingInvokes;
import static dev.iii.testkit.queue.Wire.registerFunction;
import static dev.iii.testkit.queue.Wire.registerTrigger;
import static dev.iii.testkit.queue.Wire.unregisterTrigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.ManualClock;
import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.support.Await;
import dev.iii.testkit.support.RawWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cron} triggers on a manual clock (ENGINE §5.6, §14.3 items 3 and 10). */
class CronTriggerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // A Friday.
  private static final Instant START = Instant.parse("2026-01-02T00:00:00Z");

  private static void awaitArmed(ManualClock clock, Instant at) {
    Await.condition(WAIT, () -> clock.pendingTasks().contains(at), () -> "a tick armed at " + at
        + " (pending: " + clock.pendingTasks() + ")");
  }

  @Test
  void firesAtEveryFifthSecondWithTheEnginePayload() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::tick");
      registerTrigger(w, "every-5s", "cron", "jobs::tick", "{\"expression\":\"*/5 * * * * *\"}");
      awaitArmed(clock, START.plusSeconds(5));

      clock.advance(Duration.ofSeconds(5));
      JsonNode first = awaitInvoke(w, "jobs::tick");
      JsonNode data = first.get("data");
      assertEquals("cron", data.get("trigger").asText());
      assertEquals("every-5s", data.get("job_id").asText());
      assertEquals("2026-01-02T00:00:05+00:00", data.get("scheduled_time").asText());
      assertEquals("2026-01-02T00:00:05.000000000+00:00", data.get("actual_time").asText());
      assertFalse(data.has("_caller_worker_id"), "engine calls carry no caller id");
      answerOk(w, first);

      awaitArmed(clock, START.plusSeconds(10));
      clock.advance(Duration.ofSeconds(5));
      assertEquals("2026-01-02T00:00:10+00:00", awaitInvoke(w, "jobs::tick").get("data").get("scheduled_time").asText());
    }
  }

  @Test
  void weekdayScheduleSkipsTheWeekend() throws Exception {
    ManualClock clock = EngineClock.manual(START.plus(Duration.ofHours(10)));
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::report");
      registerTrigger(w, "report", "cron", "jobs::report", "{\"expression\":\"0 30 9 * * MON-FRI\"}");
      Instant monday = Instant.parse("2026-01-05T09:30:00Z");
      awaitArmed(clock, monday);

      clock.advanceTo(monday.minusSeconds(1));
      w.barrier();
      assertEquals(0, pendingInvokes(w, "jobs::report"), "nothing before Monday 09:30 UTC");
      clock.advance(Duration.ofSeconds(1));
      JsonNode run = awaitInvoke(w, "jobs::report");
      assertEquals("2026-01-05T09:30:00+00:00", run.get("data").get("scheduled_time").asText());
      answerOk(w, run);
      awaitArmed(clock, Instant.parse("2026-01-06T09:30:00Z"));
    }
  }

  @Test
  void aStalledHandlerSuppressesLaterTicksAndRunsNeverOverlap() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::slow");
      registerTrigger(w, "slow", "cron", "jobs::slow", "{\"expression\":\"* * * * * *\"}");
      awaitArmed(clock, START.plusSeconds(1));

      clock.advance(Duration.ofSeconds(1));
      JsonNode running = awaitInvoke(w, "jobs::slow");
      // 30 ticks pass while the handler has not answered: none of them fires.
      clock.advance(Duration.ofSeconds(30));
      w.barrier();
      assertEquals(0, pendingInvokes(w, "jobs::slow"), "no overlapping run");
      assertTrue(clock.pendingTasks().isEmpty(), "nothing armed while the run is in progress");

      answerOk(w, running);
      // The next tick is the first one after the run finished (00:00:31), not a backlog of missed ticks.
      awaitArmed(clock, START.plusSeconds(32));
      clock.advance(Duration.ofSeconds(1));
      assertEquals("2026-01-02T00:00:32+00:00", awaitInvoke(w, "jobs::slow").get("data").get("scheduled_time").asText());
      w.barrier();
      assertEquals(0, pendingInvokes(w, "jobs::slow"));
    }
  }

  @Test
  void invalidExpressionsAndDuplicateIdsAreNotStored() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::x");
      registerTrigger(w, "five-fields", "cron", "jobs::x", "{\"expression\":\"*/5 * * * *\"}");
      registerTrigger(w, "garbage", "cron", "jobs::x", "{\"expression\":\"every minute\"}");
      registerTrigger(w, "missing", "cron", "jobs::x", "{}");
      registerTrigger(w, "dup", "cron", "jobs::x", "{\"expression\":\"0 0 * * * *\"}");
      registerTrigger(w, "dup", "cron", "jobs::x", "{\"expression\":\"* * * * * *\"}");
      w.barrier();

      List<String> ids = engine.triggers().stream().map(t -> t.id()).toList();
      assertEquals(List.of("dup"), ids, "only the valid trigger is stored");
      assertEquals("0 0 * * * *", engine.triggers().get(0).config().get("expression").asText(),
          "the second registration of an id was refused, the first one stays");
      assertEquals(List.of(START.plus(Duration.ofHours(1))), clock.pendingTasks());
    }
  }

  @Test
  void aConditionReturningFalseSkipsTheRunButNotTheSchedule() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::gate");
      registerFunction(w, "jobs::work");
      registerTrigger(w, "gated", "cron", "jobs::work",
          "{\"expression\":\"*/10 * * * * *\",\"condition_function_id\":\"jobs::gate\"}");
      awaitArmed(clock, START.plusSeconds(10));
      clock.advance(Duration.ofSeconds(10));
      JsonNode gate = awaitInvoke(w, "jobs::gate");
      assertEquals("gated", gate.get("data").get("job_id").asText(), "the condition gets the same payload");
      w.send("{\"type\":\"invocationresult\",\"invocation_id\":\"" + gate.get("invocation_id").asText()
          + "\",\"function_id\":\"jobs::gate\",\"result\":false}");
      awaitArmed(clock, START.plusSeconds(20));
      w.barrier();
      assertEquals(0, pendingInvokes(w, "jobs::work"), "literal false skips the handler");

      clock.advance(Duration.ofSeconds(10));
      answerOk(w, awaitInvoke(w, "jobs::gate")); // {"ok":true} is not false: the handler runs
      assertEquals("2026-01-02T00:00:20+00:00", awaitInvoke(w, "jobs::work").get("data").get("scheduled_time").asText());
    }
  }

  @Test
  void closingTheEngineStopsItsJobs() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
    try (RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::z");
      registerTrigger(w, "z", "cron", "jobs::z", "{\"expression\":\"* * * * * *\"}");
      awaitArmed(clock, START.plusSeconds(1));
    } finally {
      engine.close();
    }
    assertTrue(clock.pendingTasks().isEmpty(), "no tick outlives the engine: " + clock.pendingTasks());
  }

  @Test
  void unregisteringStopsTheLoop() throws Exception {
    ManualClock clock = EngineClock.manual(START);
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder().clock(clock).build());
        RawWorker w = RawWorker.connect(engine.url())) {
      registerFunction(w, "jobs::y");
      registerTrigger(w, "y", "cron", "jobs::y", "{\"expression\":\"* * * * * *\"}");
      awaitArmed(clock, START.plusSeconds(1));
      unregisterTrigger(w, "y");
      w.barrier();
      assertTrue(clock.pendingTasks().isEmpty());
      assertTrue(engine.triggers().isEmpty());
      clock.advance(Duration.ofSeconds(5));
      w.barrier();
      assertEquals(0, pendingInvokes(w, "jobs::y"));
    }
  }
}
