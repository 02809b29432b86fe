package dev.iii.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A job the queue gave up on (ENGINE §8.2 DLQ record). {@code jobId} is what {@code iii::queue::redrive_message}
 * takes; {@code messageId} is the {@code messageReceiptId} the enqueuer got (for topic queues a fresh id).
 */
public record DeadLetter(String queue, String jobId, String messageId, String functionId, JsonNode data,
    int attemptsMade, int maxAttempts, String error, Instant failedAt) {}
