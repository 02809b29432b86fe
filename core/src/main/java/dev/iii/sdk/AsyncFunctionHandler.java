package dev.iii.sdk;

import java.util.concurrent.CompletionStage;

/** A handler that returns a {@link CompletionStage}; it is started on the handler executor and must not block. */
@FunctionalInterface
public interface AsyncFunctionHandler<I, O> {
  CompletionStage<O> handle(I input, InvocationContext ctx) throws Exception;
}
