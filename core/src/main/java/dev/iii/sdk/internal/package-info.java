/**
 * Internal implementation of the iii SDK. Nothing in this package or below is public API: it may change in any
 * release without notice. Use {@link dev.iii.sdk.III} and the value types of {@code dev.iii.sdk}.
 */
package dev.iii.sdk.internal;
