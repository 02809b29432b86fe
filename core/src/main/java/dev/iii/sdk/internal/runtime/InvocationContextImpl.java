package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.ChannelOpener;
import dev.iii.sdk.III;
import dev.iii.sdk.InvocationContext;
import dev.iii.sdk.WorkerLogger;
import org.jspecify.annotations.Nullable;

/** What a handler gets as {@link InvocationContext}; also carries the invocation's trace into Behavior handlers. */
final class InvocationContextImpl implements InvocationContext {
  private final String invocationId;
  private final String functionId;
  private final @Nullable String callerWorkerId;
  private final @Nullable String traceparent;
  private final @Nullable String baggage;
  private final III iii;
  private final InboundTrace trace;
  private final WorkerLogger workerLogger;
  private final ChannelOpener channels;
  /** The 0.23 invocation {@code metadata}, when the caller sent one. */
  private final com.fasterxml.jackson.databind.@Nullable JsonNode metadata;
  /** Created on first use: most handlers never log. */
  private volatile @Nullable WorkerLogger logger;

  InvocationContextImpl(
      String invocationId,
      String functionId,
      @Nullable String callerWorkerId,
      @Nullable String traceparent,
      @Nullable String baggage,
      III iii,
      InboundTrace trace,
      WorkerLogger workerLogger,
      ChannelOpener channels,
      com.fasterxml.jackson.databind.@Nullable JsonNode metadata) {
    this.invocationId = invocationId;
    this.functionId = functionId;
    this.callerWorkerId = callerWorkerId;
    this.traceparent = traceparent;
    this.baggage = baggage;
    this.iii = iii;
    this.trace = trace;
    this.workerLogger = workerLogger;
    this.channels = channels;
    this.metadata = metadata;
  }

  @Override
  public com.fasterxml.jackson.databind.@Nullable JsonNode metadata() {
    return metadata;
  }

  @Override
  public String invocationId() {
    return invocationId;
  }

  @Override
  public String functionId() {
    return functionId;
  }

  @Override
  public @Nullable String callerWorkerId() {
    return callerWorkerId;
  }

  @Override
  public @Nullable String traceparent() {
    return traceparent;
  }

  @Override
  public @Nullable String baggage() {
    return baggage;
  }

  @Override
  public III iii() {
    return iii;
  }

  @Override
  public WorkerLogger logger() {
    WorkerLogger l = logger;
    if (l == null) {
      l = trace.logger(workerLogger);
      logger = l;
    }
    return l;
  }

  @Override
  public ChannelOpener channels() {
    return channels;
  }

  InboundTrace trace() {
    return trace;
  }

  @Override
  public String toString() {
    return "InvocationContext{invocationId=" + invocationId + ", functionId=" + functionId + ", callerWorkerId="
        + callerWorkerId + ", traceparent=" + traceparent + "}";
  }
}
