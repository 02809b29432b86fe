/**
 * A self-signed certificate made at runtime for {@code wss://} in tests, and the TLS contexts around it. Not a
 * public API.
 */
package dev.iii.testkit.internal.tls;
