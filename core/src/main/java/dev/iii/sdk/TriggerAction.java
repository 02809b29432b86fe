package dev.iii.sdk;

/** How {@link III#trigger} calls a function (PROTOCOL §4.2). No action = synchronous call. */
public sealed interface TriggerAction {
  /** Fire and forget: no invocation id, no answer, returns at once. */
  record Void() implements TriggerAction {}

  /** Hand the call to a named queue; the answer is {@code {"messageReceiptId": "…"}}. */
  record Enqueue(String queue) implements TriggerAction {
    public Enqueue {
      if (queue == null || queue.isBlank()) {
        throw new IllegalArgumentException("queue name is required");
      }
    }
  }

  static TriggerAction voidAction() {
    return new Void();
  }

  static TriggerAction enqueue(String queue) {
    return new Enqueue(queue);
  }
}
