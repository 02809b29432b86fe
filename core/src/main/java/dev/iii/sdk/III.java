package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.sdk.internal.runtime.WorkerRuntime;
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

  void registerService(ServiceDef def);

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

  /** Graceful shutdown (DESIGN §3): blocks until done. Idempotent. */
  void shutdown();

  CompletionStage<Void> shutdownAsync();

  @Override
  void close();
}
