package dev.iii.streams;

import dev.iii.sdk.III;
import dev.iii.sdk.IIIException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Flow} that calls an iii function once per element, with at most {@link #parallelism(int)} calls in flight
 * and backpressure from downstream (a slow consumer slows the calls). Immutable: every setter returns a copy.
 *
 * <pre>{@code
 * Flow<Order, Receipt, NotUsed> pay = FunctionFlow.<Order, Receipt>of(iii, "payments::charge", Receipt.class)
 *     .parallelism(32).ordered(true).onError(OnError.RESUME).timeout(Duration.ofSeconds(5)).flow();
 * }</pre>
 *
 * <p>Elements are sent as payloads through the worker's payload mapper and results read as {@code Out}. A call that
 * returns no result (JSON null) counts as a failure ({@link IllegalStateException}): Pekko Streams cannot carry
 * nulls, and dropping them quietly would lose elements; use {@code JsonNode.class} to receive {@code NullNode}.
 */
public final class FunctionFlow<In, Out> {
  private static final Logger log = LoggerFactory.getLogger(FunctionFlow.class);

  /** Enough to hide the round trip to the engine on loopback without flooding the worker's call lane. */
  public static final int DEFAULT_PARALLELISM = 16;

  private final III iii;
  private final String functionId;
  private final Class<Out> resultType;
  private final int parallelism;
  private final boolean ordered;
  private final OnError onError;
  private final @Nullable Duration timeout;

  private FunctionFlow(III iii, String functionId, Class<Out> resultType, int parallelism, boolean ordered,
      OnError onError, @Nullable Duration timeout) {
    this.iii = iii;
    this.functionId = functionId;
    this.resultType = resultType;
    this.parallelism = parallelism;
    this.ordered = ordered;
    this.onError = onError;
    this.timeout = timeout;
  }

  /** Ordered, {@link OnError#FAIL}, {@link #DEFAULT_PARALLELISM}, the worker's default call timeout. */
  public static <In, Out> FunctionFlow<In, Out> of(III iii, String functionId, Class<Out> resultType) {
    Objects.requireNonNull(iii, "iii");
    Objects.requireNonNull(resultType, "resultType");
    if (functionId == null || functionId.isBlank()) {
      throw new IllegalArgumentException("functionId is required");
    }
    return new FunctionFlow<>(iii, functionId, resultType, DEFAULT_PARALLELISM, true, OnError.FAIL, null);
  }

  /** At most {@code n} calls in flight at any time (1 … 65536). */
  public FunctionFlow<In, Out> parallelism(int n) {
    if (n < 1 || n > 65536) {
      throw new IllegalArgumentException("parallelism must be between 1 and 65536, was " + n);
    }
    return new FunctionFlow<>(iii, functionId, resultType, n, ordered, onError, timeout);
  }

  /** {@code true} (default): results in input order ({@code mapAsync}); {@code false}: as they complete. */
  public FunctionFlow<In, Out> ordered(boolean ordered) {
    return new FunctionFlow<>(iii, functionId, resultType, parallelism, ordered, onError, timeout);
  }

  public FunctionFlow<In, Out> onError(OnError onError) {
    return new FunctionFlow<>(iii, functionId, resultType, parallelism, ordered,
        Objects.requireNonNull(onError, "onError"), timeout);
  }

  /** Per-call timeout ({@code InvocationTimeoutException} when exceeded); null means the worker's default. */
  public FunctionFlow<In, Out> timeout(@Nullable Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new FunctionFlow<>(iii, functionId, resultType, parallelism, ordered, onError, timeout);
  }

  /** The flow; it can be materialized any number of times. */
  public Flow<In, Out, NotUsed> flow() {
    // Every call is turned into an Optional so that RESUME can drop failures without a supervision decider (which
    // would see CompletionException wrappers) and FAIL can fail with the unwrapped cause.
    Flow<In, Optional<Out>, NotUsed> calls = ordered
        ? Flow.<In>create().mapAsync(parallelism, this::callOne)
        : Flow.<In>create().mapAsyncUnordered(parallelism, this::callOne);
    return calls.filter(Optional::isPresent).map(Optional::get);
  }

  private CompletionStage<Optional<Out>> callOne(In element) {
    CompletionStage<Out> call;
    try {
      call = timeout == null
          ? iii.callAsync(functionId, element, resultType)
          : iii.callAsync(functionId, element, resultType, timeout);
    } catch (IIIException | IllegalArgumentException e) {
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Optional<Out>> out = new CompletableFuture<>();
    call.whenComplete((value, error) -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause == null && value == null) {
        cause = new IllegalStateException("function " + functionId + " returned no result for an element");
      }
      if (cause == null) {
        out.complete(Optional.of(value));
      } else if (onError == OnError.RESUME) {
        log.warn("Skipping an element: the call to {} failed: {}", functionId, cause.toString());
        out.complete(Optional.empty());
      } else {
        out.completeExceptionally(cause);
      }
    });
    return out;
  }
}
