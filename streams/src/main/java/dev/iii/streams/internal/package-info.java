/**
 * Internal implementation of the framing stages. <b>Not public API:</b> anything here may change or
 * disappear in any release; use {@link dev.iii.streams.JsonLines} and {@link dev.iii.streams.LengthPrefixed}.
 */
package dev.iii.streams.internal;
