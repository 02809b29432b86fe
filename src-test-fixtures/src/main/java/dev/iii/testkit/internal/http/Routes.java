package dev.iii.testkit.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The route table of the http trigger module (ENGINE §6.2). Key = upper-case method + {@code :} + api_path with
 * one leading {@code /} removed; the last registration of a key wins. Matching is exact on the segment count,
 * case-sensitive, trailing slashes significant, {@code :name} segments are parameters; a static segment beats a
 * parameter at the same position (as the engine's router does). Thread-safe.
 */
final class Routes {
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  /** One route: {@code apiPath} is exactly as registered (it is echoed in the request object). */
  record Route(String triggerId, String method, String apiPath, String functionId, @Nullable String conditionId,
      List<String> middleware) {
    String key() {
      return Routes.key(method, apiPath);
    }

    List<String> segments() {
      return segmentsOf(apiPath);
    }
  }

  /** The result of a lookup: a route, or "the path exists but not for this method", or nothing. */
  record Match(@Nullable Route route, Map<String, String> pathParams, boolean pathExists) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();

  static String key(String method, String apiPath) {
    return method.toUpperCase(Locale.ROOT) + ":" + normalize(apiPath);
  }

  private static String normalize(String apiPath) {
    return apiPath.startsWith("/") && apiPath.length() > 1 ? apiPath.substring(1) : apiPath;
  }

  static List<String> segmentsOf(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return List.of(p.split("/", -1));
  }

  private static boolean isParam(String segment) {
    return segment.startsWith(":") && segment.length() > 1;
  }

  /**
   * Adds or replaces a route. Throws {@link IllegalArgumentException} when it differs from another route only in
   * a parameter name at the same position (the real engine's router rebuild panics there; we refuse instead).
   */
  synchronized void put(Route route) {
    List<String> mine = route.segments();
    for (Route other : routes.values()) {
      if (other.key().equals(route.key())) {
        continue;
      }
      String conflict = paramConflict(mine, other.segments());
      if (conflict != null) {
        throw new IllegalArgumentException("route " + route.apiPath() + " conflicts with " + other.apiPath()
            + ": " + conflict);
      }
    }
    routes.put(route.key(), route);
  }

  private static @Nullable String paramConflict(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      if (isParam(x) && isParam(y)) {
        if (!x.equals(y)) {
          return "parameters " + x + " and " + y + " at the same position";
        }
      } else if (!x.equals(y)) {
        return null; // the paths diverge on a static segment: no ambiguity after this point
      }
    }
    return null;
  }

  /** Removes the route with this key if it is there (unregistering a trigger looks up method + path). */
  synchronized void remove(String method, String apiPath) {
    routes.remove(key(method, apiPath));
  }

  synchronized int size() {
    return routes.size();
  }

  /** Finds the route for a request; {@code rawPath} is the request path as received (not percent-decoded). */
  synchronized Match match(String method, String rawPath) {
    List<String> actual = segmentsOf(rawPath);
    List<Route> candidates = new ArrayList<>();
    for (Route r : routes.values()) {
      if (matches(r.segments(), actual)) {
        candidates.add(r);
      }
    }
    if (candidates.isEmpty()) {
      return new Match(null, Map.of(), false);
    }
    // The most specific pattern wins (static before parameter at the first differing position).
    List<String> best = candidates.get(0).segments();
    for (Route r : candidates) {
      if (moreSpecific(r.segments(), best)) {
        best = r.segments();
      }
    }
    for (Route r : candidates) {
      if (r.segments().equals(best) && r.method().equals(method)) {
        return new Match(r, params(best, actual), true);
      }
    }
    return new Match(null, Map.of(), true);
  }

  private static boolean matches(List<String> pattern, List<String> actual) {
    if (pattern.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (isParam(p) ? actual.get(i).isEmpty() : !p.equals(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean moreSpecific(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      boolean pa = isParam(a.get(i));
      boolean pb = isParam(b.get(i));
      if (pa != pb) {
        return !pa;
      }
    }
    return false;
  }

  /** Values are not percent-decoded, as on the engine (ENGINE §6.4). */
  private static Map<String, String> params(List<String> pattern, List<String> actual) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      if (isParam(pattern.get(i)) && !actual.get(i).isEmpty()) {
        out.put(pattern.get(i).substring(1), actual.get(i));
      }
    }
    return out;
  }
}
