package dev.iii.testkit.internal;

/** A frame the engine's decoder rejects; the message mimics serde's wording where it matters. */
public final class DecodeException extends Exception {
  public DecodeException(String reason) {
    super(reason, null, false, false);
  }
}
