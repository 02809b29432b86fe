/**
 * Internal implementation of the streams module (framing stages, trigger-fed sources, payload conversion).
 * <b>Not public API:</b> anything here may change or disappear in any release; use the types in
 * {@link dev.iii.streams}.
 */
package dev.iii.streams.internal;
