/**
 * Internal: channel ends as Pekko Streams (DESIGN §5). Not public API. {@link dev.iii.sdk.internal.channel.Channels}
 * is the integration point for the worker runtime. Access keys are secrets: they appear only in the URL handed to
 * Pekko's connection stage, never in log lines or exception messages (URLs shown to people say {@code key=***}).
 */
@NullMarked
package dev.iii.sdk.internal.channel;

import org.jspecify.annotations.NullMarked;
