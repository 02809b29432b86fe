package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jspecify.annotations.Nullable;

/**
 * An iii worker: a connection to an engine through which this process registers functions and services and calls
 * functions anywhere in the system. Thread-safe. Create with {@link #registerWorker(String, InitOptions)}.
 *
 * <p>Blocking methods must not be called on a Pekko dispatcher thread (they throw {@link IllegalStateException});
 * use the {@code …Async} variants there. After {@link #shutdown()} every call throws {@link ShutdownException}.
 */
public interface III extends AutoCloseable {

  /**
   * Connects and blocks until CONNECTED (the engine assigned a worker id), retrying per the options'
   * {@link ReconnectionConfig} up to the connect timeout.
   *
   * @throws ConnectionException when not connected within the connect timeout, or when the state machine reaches
   *     FAILED; nothing is left running then
   */
  static III registerWorker(String url, InitOptions options) {
    return WorkerRuntime.registerBlocking(null, url, options);
  }

  static III registerWorker(String url) {
    return registerWorker(url, InitOptions.getDefaultInstance());
  }

  /** The address comes from {@code iii.url} in the configuration, else the {@code III_URL} environment variable. */
  static III registerWorker(InitOptions options) {
    return WorkerRuntime.registerBlocking(null, null, options);
  }

  /** Non-blocking form: the stage completes when CONNECTED or fails as {@link #registerWorker} would throw. */
  static CompletionStage<III> registerWorkerAsync(String url, InitOptions options) {
    return WorkerRuntime.registerAsync(null, url, options);
  }

  /**
   * Embeds the worker in an existing {@code ActorSystem}: its actors run under a system actor there, and shutdown
   * leaves the system running.
   */
  static III registerWorker(ActorSystem<?> system, String url, InitOptions options) {
    return WorkerRuntime.registerBlocking(system, url, options);
  }

  /** Registers a function (sent at once when connected, replayed on every reconnect). */
  FunctionRef registerFunction(FunctionDef<?, ?> def);

  /**
   * Registers a function the <b>engine</b> executes by calling an HTTP endpoint (PROTOCOL §8.2); this worker never runs
   * it. Kept in the registry and replayed on reconnect like any function; same id rules.
   */
  FunctionRef registerFunction(String id, HttpInvocationConfig config);

  FunctionRef registerFunction(
      String id, HttpInvocationConfig config, @Nullable String description, @Nullable JsonNode metadata);

  void registerService(ServiceDef def);

  /**
   * Serves the stream {@code name} from {@code store} (the seed's {@code create_stream}, PROTOCOL §7.3): registers
   * {@code stream::get/set/delete/list/list_groups(<name>)}, which the engine then calls instead of its own storage.
   * Items are read and written as {@code itemType} through the payload mapper.
   */
  <T> StreamStore.Registration createStream(String name, Class<T> itemType, StreamStore<T> store);

  /**
   * Registers a trigger (PROTOCOL §5.1) under a new UUID v4 id; it is kept in the registry and re-sent with the same id
   * after every reconnect. Its type must exist on the engine when it arrives, else the 0.11.6 engine drops it.
   */
  TriggerRef registerTrigger(TriggerDef def);

  /**
   * Becomes the provider of a trigger type (PROTOCOL §5.2): the engine forwards every trigger of it to
   * {@code handler} (see {@link TriggerHandler} for threading and idempotency). Replayed on reconnect.
   *
   * @throws IllegalArgumentException when this worker already provides a type with this id
   */
  <C> TriggerTypeRef<C> registerTriggerType(TriggerTypeDef<C> def, TriggerHandler<C> handler);

  /** As {@link TriggerTypeRef#unregister()}; nothing happens when this worker does not provide the type. */
  void unregisterTriggerType(String id);

  /**
   * Hands a call to the engine's named queue (action {@code enqueue}) and returns its receipt once stored; the queue
   * delivers it to {@code functionId} later.
   *
   * @throws EnqueueException when the engine refuses it (e.g. {@code Queue 'x' not found})
   */
  EnqueueResult enqueue(String queue, String functionId, @Nullable Object payload);

  CompletionStage<EnqueueResult> enqueueAsync(String queue, String functionId, @Nullable Object payload);

  /** The seed's {@code trigger}: raw JSON result ({@code NullNode} for void; the receipt object for enqueue). */
  JsonNode trigger(TriggerRequest request);

  CompletionStage<JsonNode> triggerAsync(TriggerRequest request);

  JsonNode call(String functionId, @Nullable Object payload);

  <T> T call(String functionId, @Nullable Object payload, Class<T> resultType);

  <T> T call(String functionId, @Nullable Object payload, Class<T> resultType, Duration timeout);

  CompletionStage<JsonNode> callAsync(String functionId, @Nullable Object payload);

  <T> CompletionStage<T> callAsync(String functionId, @Nullable Object payload, Class<T> resultType);

  <T> CompletionStage<T> callAsync(
      String functionId, @Nullable Object payload, Class<T> resultType, Duration timeout);

  /**
   * Creates a channel through the engine ({@code engine::channels::create}) with the engine's default buffer (64
   * messages). The channel belongs to no worker: it outlives this one, and its refs can go in any payload.
   */
  Channel createChannel();

  /**
   * As {@link #createChannel()} with a buffer of {@code bufferSize} messages (the engine caps it at 1024; 0 means 1).
   *
   * @throws IllegalArgumentException when {@code bufferSize} is negative
   */
  Channel createChannel(int bufferSize);

  CompletionStage<Channel> createChannelAsync();

  CompletionStage<Channel> createChannelAsync(int bufferSize);

  /** Action {@code void}: returns at once; no answer, no timeout. */
  void fireAndForget(String functionId, @Nullable Object payload);

  ConnectionState connectionState();

  /** The engine-assigned id of the current connection (new on every connection), or null when not connected. */
  @Nullable String workerId();

  /** Listener callbacks run on the callback executor. Closing the handle removes the listener. */
  AutoCloseable addConnectionListener(ConnectionListener listener);

  /** Starts connecting again after FAILED; completes when CONNECTED (at once when already connected). */
  CompletionStage<Void> connectAsync();

  /**
   * The registration barrier: completes once the engine has processed every registration made before this call
   * (a synchronous built-in call sent after them; the engine handles one connection's messages in order).
   */
  CompletionStage<Void> awaitRegistrations();

  /**
   * The worker's structured logger (the seed's {@code Logger}): OpenTelemetry log records carrying the current trace
   * and span ids, sent to the engine as {@code LOGS} frames; SLF4J ({@code iii.logger}) when telemetry is off. Inside
   * a handler prefer {@link InvocationContext#logger()}, which stays correlated with the invocation on any thread.
   */
  WorkerLogger logger();

  /**
   * An HTTP client for your outbound requests (the seed's fetch instrumentation, PROTOCOL §9.2): with telemetry and
   * {@link OtelConfig#isFetchInstrumentationEnabled()} on, every request sent through it gets a CLIENT span and the
   * W3C {@code traceparent}/{@code baggage} headers of the current context; otherwise it is a plain
   * {@code HttpClient.newHttpClient()}. One client per worker, created on first use. Nothing global is patched:
   * requests sent through other clients are not traced.
   */
  HttpClient httpClient();

  /**
   * Graceful shutdown (DESIGN §3): blocks until done. Idempotent. Telemetry is flushed and its {@code /otel} socket
   * closed as part of it (bounded to a few seconds).
   */
  void shutdown();

  CompletionStage<Void> shutdownAsync();

  @Override
  void close();
}
