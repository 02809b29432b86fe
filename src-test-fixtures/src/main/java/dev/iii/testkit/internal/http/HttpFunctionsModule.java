package dev.iii.testkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iii.testkit.EngineClock;
import dev.iii.testkit.internal.BuiltinFunction;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code iii-http-functions} (ENGINE §10): turns a {@code registerfunction} with {@code invocation} into an
 * engine-executed function, or rejects it (logged only; the worker is never told, ENGINE §10.2). Ownership and
 * removal on disconnect are the core's, as for any worker function.
 */
public final class HttpFunctionsModule {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFunctionsModule.class);
  static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(30_000);

  private final UrlRules rules;
  private final Map<String, String> environment;
  private final EngineClock clock;
  private final HttpClient client;

  public HttpFunctionsModule(List<String> urlAllowlist, boolean blockPrivateIps, boolean requireHttps,
      Map<String, String> environment, EngineClock clock) {
    this.rules = new UrlRules(new UrlRules.Security(urlAllowlist, blockPrivateIps, requireHttps),
        UrlRules.Resolver.SYSTEM);
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    // Redirects are not followed (a 3xx is an error); HTTP/1.1 so no h2c upgrade is attempted.
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The registration hook: the function to run for this id, or null when the registration is dropped. */
  public @Nullable BuiltinFunction register(String functionId, JsonNode invocation) {
    try {
      String url = invocation.path("url").asText();
      rules.check(url);
      String method = invocation.path("method").asText("POST").toUpperCase(Locale.ROOT);
      Duration timeout = invocation.path("timeout_ms").canConvertToLong() && invocation.get("timeout_ms").asLong() > 0
          ? Duration.ofMillis(invocation.get("timeout_ms").asLong()) : DEFAULT_TIMEOUT;
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      JsonNode h = invocation.get("headers");
      if (h != null && h.isObject()) {
        h.fields().forEachRemaining(e -> {
          if (e.getValue().isTextual()) {
            headers.add(Map.entry(e.getKey(), e.getValue().textValue()));
          }
        });
      }
      HttpFunctionCall.Auth auth = auth(invocation.get("auth"));
      HttpFunctionCall call = new HttpFunctionCall(functionId, url, method, timeout, List.copyOf(headers), auth,
          rules, clock, client);
      LOG.info("HTTP-invoked function {} registered ({} {})", functionId, method, url);
      return call::invoke;
    } catch (UrlRules.Rejected e) {
      LOG.error("HTTP-invoked function {} not registered: {}: {}", functionId, UrlRules.CODE, e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      LOG.error("HTTP-invoked function {} not registered: {}", functionId, e.getMessage());
      return null;
    }
  }

  /** Resolves the auth config's environment variable names now, at registration (ENGINE §10.2). */
  private HttpFunctionCall.@Nullable Auth auth(@Nullable JsonNode auth) {
    if (auth == null || auth.isNull()) {
      return null;
    }
    String type = auth.path("type").asText("");
    switch (type) {
      case "bearer": {
        String key = auth.path("token_key").asText();
        return new HttpFunctionCall.Auth(type, null, env(key, "Token not found: "));
      }
      case "hmac": {
        String key = auth.path("secret_key").asText();
        return new HttpFunctionCall.Auth(type, null, env(key, "Secret not found: "));
      }
      case "api_key": {
        String key = auth.path("value_key").asText();
        return new HttpFunctionCall.Auth(type, auth.path("header").asText(), env(key, "API key not found: "));
      }
      default:
        throw new IllegalArgumentException("unknown auth type " + type);
    }
  }

  private String env(String name, String missingPrefix) {
    String v = environment.get(name);
    if (v == null) {
      throw new IllegalArgumentException(missingPrefix + name);
    }
    return v;
  }
}
