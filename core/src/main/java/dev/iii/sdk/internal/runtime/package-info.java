/**
 * Internal: the worker runtime — the facade implementation, the connection state machine (supervisor actor), the
 * connection stream with its three outbound lanes, the function and invocation actors. Not public API; it may
 * change in any release without notice.
 */
package dev.iii.sdk.internal.runtime;
