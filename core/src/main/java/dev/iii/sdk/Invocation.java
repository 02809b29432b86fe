package dev.iii.sdk;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jspecify.annotations.Nullable;

/**
 * The message a {@code Behavior} handler (see {@link FunctionDef#actor}) receives per invocation. Reply through
 * {@link #replyTo()}, e.g. {@code inv.replyTo().tell(inv.success(result))} or simply {@link #reply(Object)}. If the
 * behavior throws while handling the message, the caller gets {@code invocation_failed} and the behavior keeps its
 * state for the next message.
 */
public final class Invocation<I> {
  private final I input;
  private final InvocationContext context;
  private final ActorRef<InvocationReply> replyTo;

  public Invocation(I input, InvocationContext context, ActorRef<InvocationReply> replyTo) {
    this.input = input;
    this.context = Objects.requireNonNull(context, "context");
    this.replyTo = Objects.requireNonNull(replyTo, "replyTo");
  }

  public I input() {
    return input;
  }

  public InvocationContext context() {
    return context;
  }

  public ActorRef<InvocationReply> replyTo() {
    return replyTo;
  }

  public InvocationReply success(@Nullable Object value) {
    return new InvocationReply(context.invocationId(), value, null);
  }

  public InvocationReply failure(String code, String message) {
    return new InvocationReply(
        context.invocationId(), null, new InvocationException(code, message));
  }

  /**
   * A failure reply from an exception: an {@link InvocationException} keeps its code, anything else is sent as
   * {@code invocation_failed} with the exception's message and stack trace.
   */
  public InvocationReply failure(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (error instanceof InvocationException ie) {
      return new InvocationReply(context.invocationId(), null, ie);
    }
    java.io.StringWriter sw = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(sw));
    String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    return new InvocationReply(
        context.invocationId(),
        null,
        new InvocationException(
            ErrorCodes.INVOCATION_FAILED, message, sw.toString(), context.functionId(), context.invocationId(), error));
  }

  /** {@code replyTo().tell(success(value))}. */
  public void reply(@Nullable Object value) {
    replyTo.tell(success(value));
  }

  /** {@code replyTo().tell(failure(code, message))}. */
  public void fail(String code, String message) {
    replyTo.tell(failure(code, message));
  }
}
