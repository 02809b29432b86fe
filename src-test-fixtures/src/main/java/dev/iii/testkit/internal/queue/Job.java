package dev.iii.testkit.internal.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One queued message. {@code id} is the job id used by redrive/discard; {@code messageId} is the
 * {@code messageReceiptId} the enqueuer got — the engine keeps them apart (ENGINE §14.3 item 9).
 * {@code attempts} is only touched under the owning {@link JobQueue}'s lock.
 */
final class Job {
  final String id = UUID.randomUUID().toString();
  final String messageId;
  final String functionId;
  final JsonNode data;
  final @Nullable String traceparent;
  final @Nullable String baggage;
  final @Nullable String groupId;
  final Instant createdAt;
  int attempts;

  Job(String messageId, String functionId, JsonNode data, @Nullable String traceparent, @Nullable String baggage,
      @Nullable String groupId, Instant createdAt) {
    this.messageId = messageId;
    this.functionId = functionId;
    this.data = data;
    this.traceparent = traceparent;
    this.baggage = baggage;
    this.groupId = groupId;
    this.createdAt = createdAt;
  }
}
