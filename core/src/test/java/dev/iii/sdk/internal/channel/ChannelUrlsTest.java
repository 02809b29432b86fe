package dev.iii.sdk.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Channel URLs from the worker address (PROTOCOL §1.2): no query of the address, base path kept. */
class ChannelUrlsTest {
  @Test
  void baseIsSchemeAuthorityAndPathWithoutQuery() {
    assertEquals("ws://localhost:49134", ChannelUrls.base("ws://localhost:49134"));
    assertEquals("ws://localhost:49134", ChannelUrls.base("ws://localhost:49134/"));
    assertEquals("ws://h:1", ChannelUrls.base("ws://h:1?token=x#frag"));
    assertEquals("wss://h/engine", ChannelUrls.base("wss://h/engine//?a=b"));
    assertEquals("wss://h:8443", ChannelUrls.base("https://h:8443"));
  }

  @Test
  void urlCarriesTheEncodedKeyAndTheRedactedOneDoesNot() {
    assertEquals("ws://h:1/ws/channels/abc?key=k%2By%26z%3D&dir=read",
        ChannelUrls.url("ws://h:1", "abc", "k+y&z=", "read"));
    assertEquals("ws://h:1/ws/channels/abc?key=***&dir=write", ChannelUrls.redacted("ws://h:1", "abc", "write"));
  }

  @Test
  void badAddressesAreRejectedClearly() {
    assertEquals("worker address \"ftp://h\" must start with ws:// or wss://",
        assertThrows(IllegalArgumentException.class, () -> ChannelUrls.base("ftp://h")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChannelUrls.base("ws:///path"));
  }
}
