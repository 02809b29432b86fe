/**
 * The {@code iii-cron} module of the test engine (ENGINE §5.6): a seconds-first cron expression parser and one
 * loop per {@code cron} trigger on the injectable {@link dev.iii.testkit.EngineClock}, never overlapping runs.
 */
@NullMarked
package dev.iii.testkit.internal.cron;

import org.jspecify.annotations.NullMarked;
