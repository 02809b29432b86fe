/**
 * The test engine's channel endpoint ({@code /ws/channels/{id}?key=…&dir=read|write}, ENGINE §9): a hub of
 * channels, each a bounded FIFO of WebSocket messages between a take-once write end and a take-once read end.
 * Internal: not a public API. Access keys are secrets and are never logged here.
 */
@NullMarked
package dev.iii.testkit.internal.channels;

import org.jspecify.annotations.NullMarked;
