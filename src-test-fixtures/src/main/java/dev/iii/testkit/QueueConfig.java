package dev.iii.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the engine's {@code iii-queue.queue_configs} (ENGINE §8.2, §12): a named function queue that
 * {@code enqueue} actions can target. Defaults as the engine's: {@code max_retries 3}, {@code concurrency 10},
 * type standard, {@code backoff_ms 1000}. Note that {@code max_retries} is the TOTAL number of attempts
 * ({@code 0} still makes one). Build with {@link #newBuilder()}.
 */
public final class QueueConfig {
  /** {@code standard} runs up to {@code concurrency} jobs at once, {@code fifo} one job at a time. */
  public enum Type { STANDARD, FIFO }

  private final int maxRetries;
  private final int concurrency;
  private final Type type;
  private final @Nullable String messageGroupField;
  private final long backoffMs;

  private QueueConfig(Builder b) {
    this.maxRetries = b.maxRetries;
    this.concurrency = b.concurrency;
    this.type = b.type;
    this.messageGroupField = b.messageGroupField;
    this.backoffMs = b.backoffMs;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A standard queue with the engine defaults. */
  public static QueueConfig standard() {
    return new Builder().build();
  }

  public int maxRetries() {
    return maxRetries;
  }

  public int concurrency() {
    return concurrency;
  }

  public Type type() {
    return type;
  }

  public @Nullable String messageGroupField() {
    return messageGroupField;
  }

  public long backoffMs() {
    return backoffMs;
  }

  @Override
  public String toString() {
    return "QueueConfig{max_retries=" + maxRetries + ", concurrency=" + concurrency + ", type="
        + type.name().toLowerCase(java.util.Locale.ROOT)
        + (messageGroupField != null ? ", message_group_field=" + messageGroupField : "")
        + ", backoff_ms=" + backoffMs + "}";
  }

  /** Builder of {@link QueueConfig}. */
  public static final class Builder {
    private int maxRetries = 3;
    private int concurrency = 10;
    private Type type = Type.STANDARD;
    private @Nullable String messageGroupField;
    private long backoffMs = 1000;

    private Builder() {}

    /** Total attempts per job before it is dead-lettered; 0 behaves like 1. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("max_retries must not be negative, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** Jobs run at once on a standard queue (ignored by fifo queues, which run one at a time). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    public Builder type(Type type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** The key of the enqueued data that names a job's message group; required by fifo queues. */
    public Builder messageGroupField(@Nullable String field) {
      this.messageGroupField = field;
      return this;
    }

    /** Base delay of the exponential backoff: attempt n failing waits {@code backoff_ms × 2^(n-1)}. */
    public Builder backoffMs(long backoffMs) {
      if (backoffMs < 0) {
        throw new IllegalArgumentException("backoff_ms must not be negative, got " + backoffMs);
      }
      this.backoffMs = backoffMs;
      return this;
    }

    /** Throws {@link IllegalArgumentException} for a fifo queue without a group field, as the engine refuses to start. */
    public QueueConfig build() {
      if (type == Type.FIFO && (messageGroupField == null || messageGroupField.isBlank())) {
        throw new IllegalArgumentException("a fifo queue requires message_group_field");
      }
      return new QueueConfig(this);
    }
  }
}
