package dev.iii.testkit;

import org.jspecify.annotations.Nullable;

/**
 * A frame the engine could not decode and dropped with nothing sent back (as the real engine does): the worker
 * that sent it, the frame text and the reason (serde-like wording).
 */
public record DroppedFrame(@Nullable String workerId, String frame, String reason) {}
