package dev.iii.sdk;

/**
 * The engine's receipt for an enqueued call (PROTOCOL §4.2): {@code {"messageReceiptId": "<uuid>"}}, sent as soon as
 * the job is stored, before any delivery. The outcome of the job itself never comes back to the caller.
 */
public record EnqueueResult(String messageReceiptId) {
  public EnqueueResult {
    if (messageReceiptId == null || messageReceiptId.isBlank()) {
      throw new IllegalArgumentException("messageReceiptId is required");
    }
  }
}
