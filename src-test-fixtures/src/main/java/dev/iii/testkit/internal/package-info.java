/**
 * Internal implementation of the iii test engine. Not a public API: anything in this package may change
 * without notice. Use {@link dev.iii.testkit.TestEngine} instead.
 */
package dev.iii.testkit.internal;
