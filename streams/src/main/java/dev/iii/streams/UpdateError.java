package dev.iii.streams;

/** An update op the engine skipped (PROTOCOL §7.2): its index, a code such as {@code increment.not_number}. */
public record UpdateError(int opIndex, String code, String message, String docUrl) {}
