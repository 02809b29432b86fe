package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a {@code Behavior} handler to one {@link Invocation}; create it with {@link Invocation#success} or
 * {@link Invocation#failure} and tell it to {@link Invocation#replyTo()}. The first reply for an invocation wins.
 */
public final class InvocationReply {
  private final String invocationId;
  private final @Nullable Object value;
  private final @Nullable InvocationException error;

  InvocationReply(String invocationId, @Nullable Object value, @Nullable InvocationException error) {
    this.invocationId = invocationId;
    this.value = value;
    this.error = error;
  }

  public String invocationId() {
    return invocationId;
  }

  /** The result value (serialised with the payload mapper); null when failed or when there is no value. */
  public @Nullable Object value() {
    return value;
  }

  /** Set when the reply is a failure. */
  public @Nullable InvocationException error() {
    return error;
  }
}
