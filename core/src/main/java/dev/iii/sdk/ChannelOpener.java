package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Opens channel ends from refs found in untyped ({@code JsonNode}) payloads, bound to the worker serving the
 * invocation ({@link InvocationContext#channels()}). Typed payloads do not need it: their {@link ChannelReader} and
 * {@link ChannelWriter} fields arrive live. Ends connect lazily, on first use.
 */
public interface ChannelOpener {
  /**
   * The read end of the channel whose ref is {@code ref} ({@code {"channel_id","access_key","direction"}}).
   *
   * @throws IllegalArgumentException when {@code ref} is not a channel ref, or is a ref with direction "write"
   */
  ChannelReader reader(JsonNode ref);

  /**
   * The write end of the channel whose ref is {@code ref}.
   *
   * @throws IllegalArgumentException when {@code ref} is not a channel ref, or is a ref with direction "read"
   */
  ChannelWriter writer(JsonNode ref);

  /** The read end for a typed ref. */
  ChannelReader reader(ChannelRef ref);

  /** The write end for a typed ref. */
  ChannelWriter writer(ChannelRef ref);
}
