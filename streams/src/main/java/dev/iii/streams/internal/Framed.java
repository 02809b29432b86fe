package dev.iii.streams.internal;

import org.apache.pekko.util.ByteString;

/**
 * One record cut out of a byte stream, with its 1-based position so that later failures (a parse error)
 * can name the line or record they are about.
 */
public record Framed(long number, ByteString bytes) {}
