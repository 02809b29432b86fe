/**
 * The {@code iii-pubsub} module of the test engine (ENGINE §5.9, §7.4): {@code subscribe} triggers and the
 * {@code publish} function — fire-and-forget fan-out with no persistence and no retries.
 */
@NullMarked
package dev.iii.testkit.internal.pubsub;

import org.jspecify.annotations.NullMarked;
