package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.Behavior;
import org.jspecify.annotations.Nullable;

/**
 * A function to register: its id, its handler (exactly one of the three forms), and optional description, metadata,
 * formats, {@code maxConcurrency} and handler timeout. Create with {@link #of}, {@link #json}, {@link #async} or
 * {@link #actor}, then refine with {@link #toBuilder()}.
 *
 * <p>Request/response formats are derived from the input and output classes (JSON Schema) unless given explicitly;
 * untyped ({@code JsonNode}/{@code Object}) sides get none.
 */
public final class FunctionDef<I, O> {
  /** Default {@code maxConcurrency}: invocations beyond it are refused with {@link ErrorCodes#FUNCTION_OVERLOADED}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 1024;

  private final String id;
  private final Class<I> inputType;
  private final Class<O> outputType;
  private final @Nullable FunctionHandler<I, O> handler;
  private final @Nullable AsyncFunctionHandler<I, O> asyncHandler;
  private final @Nullable Behavior<Invocation<I>> behavior;
  private final @Nullable String description;
  private final @Nullable JsonNode metadata;
  private final @Nullable JsonNode requestFormat;
  private final @Nullable JsonNode responseFormat;
  private final int maxConcurrency;
  private final @Nullable Duration handlerTimeout;

  private FunctionDef(Builder<I, O> b) {
    this.id = b.id;
    this.inputType = b.inputType;
    this.outputType = b.outputType;
    this.handler = b.handler;
    this.asyncHandler = b.asyncHandler;
    this.behavior = b.behavior;
    this.description = b.description;
    this.metadata = b.metadata;
    this.requestFormat = b.requestFormat;
    this.responseFormat = b.responseFormat;
    this.maxConcurrency = b.maxConcurrency;
    this.handlerTimeout = b.handlerTimeout;
  }

  /** A typed blocking handler: the payload is read as {@code in}, the result written from {@code out}. */
  public static <I, O> FunctionDef<I, O> of(
      String id, Class<I> in, Class<O> out, FunctionHandler<I, O> handler) {
    Builder<I, O> b = new Builder<>(id, in, out);
    b.handler = Objects.requireNonNull(handler, "handler");
    return b.build();
  }

  /** An untyped blocking handler: the raw payload in, any serialisable value (or {@code JsonNode}) out. */
  public static FunctionDef<JsonNode, Object> json(String id, FunctionHandler<JsonNode, Object> handler) {
    return of(id, JsonNode.class, Object.class, handler);
  }

  /** A typed handler returning a {@code CompletionStage}. */
  public static <I, O> FunctionDef<I, O> async(
      String id, Class<I> in, Class<O> out, AsyncFunctionHandler<I, O> handler) {
    Builder<I, O> b = new Builder<>(id, in, out);
    b.asyncHandler = Objects.requireNonNull(handler, "handler");
    return b.build();
  }

  /**
   * A Pekko {@code Behavior}, spawned once under the function's actor, one message at a time; it answers through
   * {@link Invocation#replyTo()}. The response format is not derived (the reply value is untyped).
   */
  public static <I> FunctionDef<I, Object> actor(String id, Class<I> in, Behavior<Invocation<I>> behavior) {
    Builder<I, Object> b = new Builder<>(id, in, Object.class);
    b.behavior = Objects.requireNonNull(behavior, "behavior");
    return b.build();
  }

  public Builder<I, O> toBuilder() {
    Builder<I, O> b = new Builder<>(id, inputType, outputType);
    b.handler = handler;
    b.asyncHandler = asyncHandler;
    b.behavior = behavior;
    b.description = description;
    b.metadata = metadata;
    b.requestFormat = requestFormat;
    b.responseFormat = responseFormat;
    b.maxConcurrency = maxConcurrency;
    b.handlerTimeout = handlerTimeout;
    return b;
  }

  public String id() {
    return id;
  }

  public Class<I> inputType() {
    return inputType;
  }

  public Class<O> outputType() {
    return outputType;
  }

  /** Set for {@link #of}/{@link #json}. */
  public @Nullable FunctionHandler<I, O> handler() {
    return handler;
  }

  /** Set for {@link #async}. */
  public @Nullable AsyncFunctionHandler<I, O> asyncHandler() {
    return asyncHandler;
  }

  /** Set for {@link #actor}. */
  public @Nullable Behavior<Invocation<I>> behavior() {
    return behavior;
  }

  public @Nullable String description() {
    return description;
  }

  public @Nullable JsonNode metadata() {
    return metadata;
  }

  /** The explicit request format, if one was given. */
  public @Nullable JsonNode requestFormat() {
    return requestFormat;
  }

  /** The explicit response format, if one was given. */
  public @Nullable JsonNode responseFormat() {
    return responseFormat;
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** When set, an invocation not answered within it gets {@code invocation_failed} ("handler timed out"). */
  public @Nullable Duration handlerTimeout() {
    return handlerTimeout;
  }

  public static final class Builder<I, O> {
    private final String id;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private @Nullable FunctionHandler<I, O> handler;
    private @Nullable AsyncFunctionHandler<I, O> asyncHandler;
    private @Nullable Behavior<Invocation<I>> behavior;
    private @Nullable String description;
    private @Nullable JsonNode metadata;
    private @Nullable JsonNode requestFormat;
    private @Nullable JsonNode responseFormat;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private @Nullable Duration handlerTimeout;

    private Builder(String id, Class<I> inputType, Class<O> outputType) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("function id is required (got a blank id)");
      }
      this.id = id;
      this.inputType = Objects.requireNonNull(inputType, "input class");
      this.outputType = Objects.requireNonNull(outputType, "output class");
    }

    public Builder<I, O> description(@Nullable String description) {
      this.description = description;
      return this;
    }

    public Builder<I, O> metadata(@Nullable JsonNode metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Any JSON (normally JSON Schema); wins over the derived format. */
    public Builder<I, O> requestFormat(@Nullable JsonNode format) {
      this.requestFormat = format;
      return this;
    }

    public Builder<I, O> requestFormat(RegisterFunctionFormat format) {
      this.requestFormat = toJson(Objects.requireNonNull(format, "format"));
      return this;
    }

    public Builder<I, O> responseFormat(@Nullable JsonNode format) {
      this.responseFormat = format;
      return this;
    }

    public Builder<I, O> responseFormat(RegisterFunctionFormat format) {
      this.responseFormat = toJson(Objects.requireNonNull(format, "format"));
      return this;
    }

    public Builder<I, O> maxConcurrency(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + max);
      }
      this.maxConcurrency = max;
      return this;
    }

    public Builder<I, O> handlerTimeout(@Nullable Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("handlerTimeout must be positive, got " + timeout);
      }
      this.handlerTimeout = timeout;
      return this;
    }

    public FunctionDef<I, O> build() {
      int forms = (handler != null ? 1 : 0) + (asyncHandler != null ? 1 : 0) + (behavior != null ? 1 : 0);
      if (forms != 1) {
        throw new IllegalStateException("a function needs exactly one handler, got " + forms);
      }
      return new FunctionDef<>(this);
    }

    private static ObjectNode toJson(RegisterFunctionFormat f) {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("name", f.name());
      n.put("type", f.type());
      if (f.description() != null) {
        n.put("description", f.description());
      }
      if (f.body() != null) {
        ArrayNode body = n.putArray("body");
        f.body().forEach(child -> body.add(toJson(child)));
      }
      if (f.items() != null) {
        n.set("items", toJson(f.items()));
      }
      n.put("required", f.required());
      return n;
    }
  }
}
