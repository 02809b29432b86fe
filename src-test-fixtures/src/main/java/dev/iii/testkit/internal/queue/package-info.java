/**
 * The {@code iii-queue} module of the test engine (ENGINE §8.2, §8.3, §7.5): named function queues fed by the
 * {@code enqueue} action, topic queues fed by {@code iii::durable::publish} and consumed by
 * {@code durable:subscriber} triggers, attempts, exponential backoff on the injectable clock, dead letters and
 * redrive. Everything is in memory.
 */
@NullMarked
package dev.iii.testkit.internal.queue;

import org.jspecify.annotations.NullMarked;
