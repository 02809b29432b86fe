/**
 * A lean WebSocket client (RFC 6455) for the worker's control connection, written against Pekko Streams and
 * Pekko's TCP/TLS stages instead of Pekko HTTP's message API.
 *
 * <p>Why: Pekko HTTP's WebSocket message API materializes sub-streams for every message in both directions (split,
 * prefix-and-tail, cancel-source inbound; a flattened source per message outbound). On the control connection,
 * where every call is two small messages, that was a large share of the worker's CPU. Here a message is one
 * {@link java.lang.String} in and out of a single graph stage, and outbound frames written while the socket is busy
 * are coalesced into one write.
 */
@NullMarked
package dev.iii.sdk.internal.ws;

import org.jspecify.annotations.NullMarked;
