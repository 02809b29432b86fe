/**
 * Internal: the wire protocol of PROTOCOL.md as Java records, and the one codec that reads and writes them.
 * Every frame the SDK sends or receives goes through {@link dev.iii.sdk.internal.wire.WireCodec}.
 */
package dev.iii.sdk.internal.wire;
