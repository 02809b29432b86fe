package dev.iii.testkit.internal.http;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URL checks of {@code iii-http-functions} (ENGINE §10.3 step 1), in the engine's order: parse, HTTPS,
 * allow-list (a glob on the host name only), private addresses (the host itself or what DNS resolves it to).
 * Messages are exactly the engine's; the error code is {@code url_validation_failed}.
 */
public final class UrlRules {
  public static final String CODE = "url_validation_failed";

  /** The module's {@code security} block. An empty allow-list means {@code ["*"]}. */
  public record Security(List<String> urlAllowlist, boolean blockPrivateIps, boolean requireHttps) {
    public Security {
      urlAllowlist = urlAllowlist.isEmpty() ? List.of("*") : List.copyOf(urlAllowlist);
    }
  }

  /** Thrown with one of the engine's messages. */
  public static final class Rejected extends Exception {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  /** Looks host names up; replaceable so tests of the rules need no DNS. */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = InetAddress::getAllByName;
  }

  private final Security security;
  private final Resolver resolver;

  public UrlRules(Security security, Resolver resolver) {
    this.security = security;
    this.resolver = resolver;
  }

  /** Returns the parsed URL, or throws {@link Rejected} with the engine's message. */
  public URI check(String url) throws Rejected {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Rejected("Invalid URL");
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || host.isEmpty()) {
      throw new Rejected("Invalid URL");
    }
    if (security.requireHttps() && !scheme.equalsIgnoreCase("https")) {
      throw new Rejected("HTTPS is required");
    }
    String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String lower = bareHost.toLowerCase(Locale.ROOT);
    if (security.urlAllowlist().stream().noneMatch(glob -> globMatches(glob, lower))) {
      throw new Rejected("URL not in allowlist");
    }
    if (security.blockPrivateIps()) {
      InetAddress[] addresses;
      try {
        // An address literal is checked as it is; only names go to DNS.
        addresses = isLiteral(bareHost) ? new InetAddress[] {InetAddress.getByName(bareHost)}
            : resolver.resolve(bareHost);
      } catch (UnknownHostException e) {
        throw new Rejected("DNS lookup failed");
      }
      for (InetAddress a : addresses) {
        if (isPrivate(a)) {
          throw new Rejected("Private IP blocked");
        }
      }
    }
    return uri;
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** {@code *} matches any run of characters (dots included), everything else literally, case-insensitive. */
  public static boolean globMatches(String glob, String host) {
    String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    return Pattern.matches(re.toString(), host);
  }

  /** The engine's "private" set: see ENGINE §10.3. */
  public static boolean isPrivate(InetAddress a) {
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int o0 = b[0] & 0xFF;
      int o1 = b[1] & 0xFF;
      int o2 = b[2] & 0xFF;
      return o0 == 127 // loopback
          || o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168) // RFC 1918
          || (o0 == 169 && o1 == 254) // link-local
          || (o0 == 255 && o1 == 255 && o2 == 255 && (b[3] & 0xFF) == 255) // broadcast
          || (o0 == 192 && o1 == 0 && o2 == 2) || (o0 == 198 && o1 == 51 && o2 == 100)
          || (o0 == 203 && o1 == 0 && o2 == 113) // documentation
          || (o0 == 0 && o1 == 0 && o2 == 0 && (b[3] & 0xFF) == 0); // unspecified
    }
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      return a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()
          || (b[0] & 0xFE) == 0xFC // fc00::/7
          || ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80); // fe80::/10
    }
    return false;
  }
}
