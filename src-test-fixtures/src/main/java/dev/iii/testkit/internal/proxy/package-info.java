/**
 * Internals of {@link dev.iii.testkit.FaultProxy}: blocking sockets, one reader and one writer thread per
 * direction of each proxied connection. Not a public API.
 */
package dev.iii.testkit.internal.proxy;
