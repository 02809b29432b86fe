package dev.iii.sdk;

/**
 * A blocking handler: runs on the worker's handler executor, never on an actor thread. May throw any exception; an
 * {@link InvocationException} sends its code, anything else is answered with {@code invocation_failed}.
 */
@FunctionalInterface
public interface FunctionHandler<I, O> {
  O handle(I input, InvocationContext ctx) throws Exception;
}
