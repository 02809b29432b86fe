package dev.iii.sdk;

import static dev.iii.sdk.TestSupport.await;
import static dev.iii.sdk.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider side against a scripted engine, frame by frame: the {@code registertriggertype} frame, the
 * {@code triggerregistrationresult} for every inbound {@code registertrigger} (success, handler failure, unknown type),
 * idempotent re-deliveries, inbound {@code unregistertrigger}, a slow handler, and the replay order after a reconnect.
 */
class TriggerTypesTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  record HookConfig(String path, int retries) {}

  record HookEvent(String path, String body) {}

  /** Records what the handler saw; the register step can be made to block or fail. */
  static final class Recorder implements TriggerHandler<HookConfig> {
    final List<TriggerConfig<HookConfig>> registered = new CopyOnWriteArrayList<>();
    final List<TriggerConfig<HookConfig>> unregistered = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile RuntimeException failWith;

    @Override
    public void registerTrigger(TriggerConfig<HookConfig> t) throws Exception {
      threads.add(Thread.currentThread().getName());
      assertTrue(gate.await(10, TimeUnit.SECONDS), "gate");
      if (failWith != null) {
        throw failWith;
      }
      registered.add(t);
    }

    @Override
    public void unregisterTrigger(TriggerConfig<HookConfig> t) {
      unregistered.add(t);
    }
  }

  ScriptedEngine engine;
  III worker;
  Recorder recorder;

  @BeforeEach
  void start() throws Exception {
    engine = new ScriptedEngine();
    worker = III.registerWorker(engine.url(), InitOptions.newBuilder()
        .otel(OtelConfig.newBuilder().enabled(false).build())
        .reconnection(ReconnectionConfig.newBuilder().initialDelay(Duration.ofMillis(20))
            .maxDelay(Duration.ofMillis(100)).build())
        .build());
    recorder = new Recorder();
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.shutdown();
    }
    engine.close();
  }

  private TriggerTypeRef<HookConfig> provideWebhook() {
    TriggerTypeRef<HookConfig> ref = worker.registerTriggerType(
        TriggerTypeDef.of("webhook", HookConfig.class).withDescription("Incoming webhook")
            .withCallRequestType(HookEvent.class),
        recorder);
    await(worker.awaitRegistrations());
    return ref;
  }

  private void deliver(String id, String config) {
    engine.send("{\"type\":\"registertrigger\",\"id\":\"" + id + "\",\"trigger_type\":\"webhook\","
        + "\"function_id\":\"hooks::push\",\"config\":" + config + "}");
  }

  private List<JsonNode> resultsFor(String id) {
    return engine.framesOf("triggerregistrationresult").stream().map(ScriptedEngine.Frame::json)
        .filter(j -> j.path("id").asText().equals(id)).collect(Collectors.toList());
  }

  @Test
  void registerTriggerTypeFrameCarriesDescriptionAndDerivedFormats() {
    provideWebhook();
    JsonNode f = engine.await(j -> j.path("type").asText().equals("registertriggertype"), "registertriggertype");

    assertEquals("webhook", f.get("id").asText());
    assertEquals("Incoming webhook", f.get("description").asText());
    assertEquals("string", f.at("/trigger_request_format/properties/path/type").asText());
    assertEquals("integer", f.at("/trigger_request_format/properties/retries/type").asText());
    assertEquals("string", f.at("/call_request_format/properties/body/type").asText());
  }

  @Test
  void untypedTypeWithoutDescriptionSendsEmptyDescriptionAndNoFormats() {
    worker.registerTriggerType(TriggerTypeDef.json("raw"), t -> {});
    await(worker.awaitRegistrations());
    JsonNode f = engine.await(j -> j.path("id").asText().equals("raw"), "registertriggertype raw");

    assertEquals("", f.get("description").asText());
    assertFalse(f.has("trigger_request_format"));
    assertFalse(f.has("call_request_format"));
  }

  @Test
  void explicitFormatsWinOverDerivedOnes() {
    JsonNode schema = ScriptedEngine.JSON.createObjectNode().put("type", "object").put("title", "mine");
    worker.registerTriggerType(
        TriggerTypeDef.of("webhook", HookConfig.class).withTriggerRequestFormat(schema)
            .withCallRequestFormat(schema), recorder);
    await(worker.awaitRegistrations());
    JsonNode f = engine.await(j -> j.path("type").asText().equals("registertriggertype"), "registertriggertype");

    assertEquals(schema, f.get("trigger_request_format"));
    assertEquals(schema, f.get("call_request_format"));
  }

  @Test
  void deliveredTriggerReachesTheHandlerTypedOffTheActorThreadsAndIsAcknowledged() {
    provideWebhook();
    deliver("t-1", "{\"path\":\"/push\",\"retries\":3}");

    awaitCondition(WAIT, () -> resultsFor("t-1").size() == 1, "triggerregistrationresult t-1");
    JsonNode result = resultsFor("t-1").get(0);
    assertEquals("webhook", result.get("trigger_type").asText());
    assertEquals("hooks::push", result.get("function_id").asText());
    assertFalse(result.has("error"), result.toString());
    TriggerConfig<HookConfig> seen = recorder.registered.get(0);
    assertEquals(new TriggerConfig<>("t-1", "webhook", "hooks::push", new HookConfig("/push", 3), null), seen);
    assertFalse(recorder.threads.get(0).contains("iii.dispatcher"), recorder.threads.get(0));
  }

  @Test
  void unknownTypeIsAnsweredTriggerTypeNotFound() {
    await(worker.awaitRegistrations());
    engine.send("{\"type\":\"registertrigger\",\"id\":\"t-x\",\"trigger_type\":\"nope\","
        + "\"function_id\":\"f::x\",\"config\":null}");

    awaitCondition(WAIT, () -> resultsFor("t-x").size() == 1, "result for t-x");
    JsonNode error = resultsFor("t-x").get(0).get("error");
    assertEquals(ErrorCodes.TRIGGER_TYPE_NOT_FOUND, error.get("code").asText());
    assertEquals("nope", resultsFor("t-x").get(0).get("trigger_type").asText());
  }

  @Test
  void handlerFailureIsAnsweredTriggerRegistrationFailedAndNotRemembered() {
    provideWebhook();
    recorder.failWith = new IllegalStateException("path /push already bound");
    deliver("t-2", "{\"path\":\"/push\",\"retries\":0}");

    awaitCondition(WAIT, () -> resultsFor("t-2").size() == 1, "result for t-2");
    JsonNode error = resultsFor("t-2").get(0).get("error");
    assertEquals(ErrorCodes.TRIGGER_REGISTRATION_FAILED, error.get("code").asText());
    assertEquals("path /push already bound", error.get("message").asText());

    // Not remembered: the same delivery again calls the handler again (and now succeeds).
    recorder.failWith = null;
    deliver("t-2", "{\"path\":\"/push\",\"retries\":0}");
    awaitCondition(WAIT, () -> resultsFor("t-2").size() == 2, "second result for t-2");
    assertFalse(resultsFor("t-2").get(1).has("error"));
    assertEquals(1, recorder.registered.size());
  }

  @Test
  void configThatDoesNotFitTheConfigClassIsRefused() {
    provideWebhook();
    deliver("t-bad", "{\"path\":{\"not\":\"a string\"},\"retries\":\"x\"}");

    awaitCondition(WAIT, () -> resultsFor("t-bad").size() == 1, "result for t-bad");
    assertEquals(ErrorCodes.TRIGGER_REGISTRATION_FAILED,
        resultsFor("t-bad").get(0).at("/error/code").asText());
    assertTrue(recorder.registered.isEmpty());
  }

  @Test
  void sameDeliveryTwiceCallsTheHandlerOnceAndAcknowledgesBoth() {
    provideWebhook();
    deliver("t-3", "{\"path\":\"/a\",\"retries\":1}");
    deliver("t-3", "{\"path\":\"/a\",\"retries\":1}");

    awaitCondition(WAIT, () -> resultsFor("t-3").size() == 2, "two results for t-3");
    assertTrue(resultsFor("t-3").stream().noneMatch(j -> j.has("error")));
    assertEquals(1, recorder.registered.size());
    assertTrue(recorder.unregistered.isEmpty());
  }

  @Test
  void reDeliveryWithAnotherConfigUnregistersTheOldValueFirst() {
    provideWebhook();
    deliver("t-4", "{\"path\":\"/old\",\"retries\":1}");
    deliver("t-4", "{\"path\":\"/new\",\"retries\":1}");

    awaitCondition(WAIT, () -> resultsFor("t-4").size() == 2, "two results for t-4");
    assertEquals(List.of("/old", "/new"),
        recorder.registered.stream().map(t -> t.config().path()).collect(Collectors.toList()));
    assertEquals(1, recorder.unregistered.size());
    assertEquals("/old", recorder.unregistered.get(0).config().path());
  }

  @Test
  void inboundUnregisterGetsTheRememberedConfig() {
    provideWebhook();
    engine.send("{\"type\":\"registertrigger\",\"id\":\"t-5\",\"trigger_type\":\"webhook\","
        + "\"function_id\":\"hooks::push\",\"config\":{\"path\":\"/p\",\"retries\":2},\"metadata\":{\"team\":\"x\"}}");
    awaitCondition(WAIT, () -> recorder.registered.size() == 1, "registered");
    // The engine's unregistertrigger carries only the id and the type.
    engine.send("{\"type\":\"unregistertrigger\",\"id\":\"t-5\",\"trigger_type\":\"webhook\"}");

    awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "unregistered");
    assertEquals(recorder.registered.get(0), recorder.unregistered.get(0));
    assertEquals("x", recorder.unregistered.get(0).metadata().get("team").asText());
    // An unknown id is ignored (nothing was set up for it).
    engine.send("{\"type\":\"unregistertrigger\",\"id\":\"t-unknown\",\"trigger_type\":\"webhook\"}");
    await(worker.awaitRegistrations());
    assertEquals(1, recorder.unregistered.size());
  }

  @Test
  void slowHandlerDelaysNeitherInvocationsNorOtherTriggers() throws Exception {
    provideWebhook();
    worker.registerFunction(FunctionDef.json("local::ping", (in, ctx) -> "pong"));
    await(worker.awaitRegistrations());
    recorder.gate = new CountDownLatch(1);
    try {
      deliver("t-slow", "{\"path\":\"/slow\",\"retries\":0}");
      awaitCondition(WAIT, () -> recorder.threads.size() == 1, "slow handler started");
      String inv = UUID.randomUUID().toString();
      engine.send("{\"type\":\"invokefunction\",\"invocation_id\":\"" + inv + "\",\"function_id\":\"local::ping\","
          + "\"data\":null}");

      JsonNode result = engine.await(j -> j.path("invocation_id").asText().equals(inv), "result of local::ping");
      assertEquals("pong", result.get("result").asText());
      assertTrue(resultsFor("t-slow").isEmpty(), "the slow registration is still running");
    } finally {
      recorder.gate.countDown();
    }
    awaitCondition(WAIT, () -> resultsFor("t-slow").size() == 1, "slow registration answered");
  }

  @Test
  void unregisteringTheTypeUnregistersLiveTriggersAndLaterDeliveriesAreNotFound() {
    TriggerTypeRef<HookConfig> ref = provideWebhook();
    deliver("t-6", "{\"path\":\"/six\",\"retries\":0}");
    awaitCondition(WAIT, () -> recorder.registered.size() == 1, "registered");

    ref.unregister();
    awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "live trigger unregistered with the handler");
    engine.await(j -> j.path("type").asText().equals("unregistertriggertype"), "unregistertriggertype");
    deliver("t-7", "{\"path\":\"/seven\",\"retries\":0}");

    awaitCondition(WAIT, () -> resultsFor("t-7").size() == 1, "result for t-7");
    assertEquals(ErrorCodes.TRIGGER_TYPE_NOT_FOUND, resultsFor("t-7").get(0).at("/error/code").asText());
    assertEquals(1, recorder.registered.size());
  }

  @Test
  void shutdownUnregistersLiveTriggersWithTheHandler() {
    provideWebhook();
    deliver("t-8", "{\"path\":\"/eight\",\"retries\":0}");
    awaitCondition(WAIT, () -> recorder.registered.size() == 1, "registered");

    worker.shutdown();
    worker = null;

    awaitCondition(WAIT, () -> recorder.unregistered.size() == 1, "torn down at shutdown");
    assertEquals(recorder.registered.get(0), recorder.unregistered.get(0));
  }

  @Test
  void duplicateTypeIdIsRejectedAndItCanBeRegisteredAgainAfterUnregister() {
    provideWebhook();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> worker.registerTriggerType(TriggerTypeDef.of("webhook", HookConfig.class), t -> {}));
    assertTrue(e.getMessage().contains("already registered"), e.getMessage());

    worker.unregisterTriggerType("webhook");
    worker.unregisterTriggerType("webhook"); // idempotent
    assertNotNull(worker.registerTriggerType(TriggerTypeDef.of("webhook", HookConfig.class), t -> {}));
  }

  @Test
  void registerTriggerFrameAlwaysCarriesConfigAndOmitsAbsentMetadata() {
    TriggerRef bare = worker.registerTrigger(TriggerDef.of("cron", "jobs::tick", null));
    TriggerRef full = worker.registerTrigger(TriggerDef.of("cron", "jobs::tick", java.util.Map.of("expression", "* * * * * *"))
        .withMetadata(ScriptedEngine.JSON.createObjectNode().put("k", "v")));
    await(worker.awaitRegistrations());

    JsonNode b = engine.await(j -> j.path("id").asText().equals(bare.id()), "bare registertrigger");
    assertEquals("registertrigger", b.get("type").asText());
    assertEquals("cron", b.get("trigger_type").asText());
    assertEquals("jobs::tick", b.get("function_id").asText());
    assertTrue(b.has("config") && b.get("config").isNull(), b.toString());
    assertFalse(b.has("metadata"), b.toString());
    JsonNode f = engine.await(j -> j.path("id").asText().equals(full.id()), "full registertrigger");
    assertEquals("* * * * * *", f.at("/config/expression").asText());
    assertEquals("v", f.at("/metadata/k").asText());

    bare.unregister();
    JsonNode u = engine.await(j -> j.path("type").asText().equals("unregistertrigger"), "unregistertrigger");
    assertEquals(bare.id(), u.get("id").asText());
    assertEquals("cron", u.get("trigger_type").asText());
  }

  @Test
  void replayAfterReconnectKeepsDesignOrderAndTriggerIds() {
    worker.registerFunction(FunctionDef.json("svc::fn", (in, ctx) -> null));
    TriggerRef trigger = worker.registerTrigger(TriggerDef.of("webhook", "svc::fn", null));
    worker.registerService(ServiceDef.of("svc"));
    provideWebhook();

    engine.drop();
    awaitCondition(WAIT, () -> engine.connections() == 2
        && engine.frames.stream().anyMatch(f -> f.connection() == 2 && f.type().equals("registertrigger")),
        "replay on the second connection");

    List<String> order = engine.frames.stream().filter(f -> f.connection() == 2)
        .map(f -> f.type().equals("invokefunction") ? f.json().get("function_id").asText() : f.type())
        .filter(t -> !t.equals("engine::workers::list") && !t.equals("ping"))
        .limit(6).collect(Collectors.toList());
    assertEquals(List.of("reattach", "engine::workers::register", "registertriggertype", "registerservice",
        "registerfunction", "registertrigger"), order);
    JsonNode replayed = engine.frames.stream().filter(f -> f.connection() == 2 && f.type().equals("registertrigger"))
        .findFirst().orElseThrow().json();
    assertEquals(trigger.id(), replayed.get("id").asText());
  }
}
