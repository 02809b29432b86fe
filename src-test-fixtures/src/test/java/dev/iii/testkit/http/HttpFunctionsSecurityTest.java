package dev.iii.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.TestEngine;
import dev.iii.testkit.TestEngineOptions;
import dev.iii.testkit.internal.http.UrlRules;
import dev.iii.testkit.support.RawWorker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * URL rules of {@code iii-http-functions} (ENGINE §10.1, §10.3 step 1): the exact {@code url_validation_failed}
 * messages, and what the default security settings do to a worker's registration (drop it, silently).
 */
class HttpFunctionsSecurityTest {

  private static UrlRules rules(List<String> allow, boolean blockPrivate, boolean https, Map<String, String> dns) {
    return new UrlRules(new UrlRules.Security(allow, blockPrivate, https), host -> {
      String ip = dns.get(host);
      if (ip == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(ip)};
    });
  }

  private static String rejection(UrlRules rules, String url) {
    return assertThrows(UrlRules.Rejected.class, () -> rules.check(url), url).getMessage();
  }

  @Test
  void defaultRulesRejectWithTheEngineMessages() throws Exception {
    UrlRules defaults = rules(List.of(), true, true, Map.of("api.example.com", "93.184.216.34",
        "intranet.example.com", "192.168.1.10", "localhost", "127.0.0.1"));
    assertEquals("url_validation_failed", UrlRules.CODE);
    assertEquals("Invalid URL", rejection(defaults, "not a url at all"));
    assertEquals("Invalid URL", rejection(defaults, "https://"));
    assertEquals("HTTPS is required", rejection(defaults, "http://api.example.com/x"));
    assertEquals("HTTPS is required", rejection(defaults, "http://localhost:8080/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://127.0.0.1/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://10.1.2.3/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://172.20.0.1/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://169.254.169.254/latest"));
    assertEquals("Private IP blocked", rejection(defaults, "https://[::1]/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://[fd00::1]/x"));
    assertEquals("Private IP blocked", rejection(defaults, "https://intranet.example.com/x"), "resolved by DNS");
    assertEquals("DNS lookup failed", rejection(defaults, "https://nowhere.invalid/x"));
    assertEquals("api.example.com", defaults.check("https://api.example.com/handler").getHost());
  }

  @Test
  void theAllowListIsAGlobOnTheHostOnly() throws Exception {
    UrlRules r = rules(List.of("*.example.com", "localhost"), false, false, Map.of());
    assertEquals("URL not in allowlist", rejection(r, "https://evil.com/x.example.com"));
    assertEquals("URL not in allowlist", rejection(r, "http://127.0.0.1:9/x"));
    assertEquals("a.b.example.com", r.check("https://a.b.example.com/").getHost());
    assertEquals("localhost", r.check("http://localhost:1234/").getHost());
    assertTrue(UrlRules.globMatches("*", "anything.at.all"));
  }

  @Test
  void withDefaultSecurityALoopbackRegistrationIsDroppedSilently() throws Exception {
    try (TestEngine engine = TestEngine.start(TestEngineOptions.newBuilder()
            .httpFunctions(TestEngineOptions.HttpFunctionsSecurity.defaults()).environment(Map.of()).build());
        RawWorker worker = RawWorker.connect(engine.url())) {
      worker.send("{\"type\":\"registerfunction\",\"id\":\"ext::plain\",\"invocation\":{\"url\":\"http://127.0.0.1:9/x\"}}");
      worker.send("{\"type\":\"registerfunction\",\"id\":\"ext::loop\",\"invocation\":{\"url\":\"https://127.0.0.1:9/x\"}}");
      worker.barrier();
      assertEquals(List.of(), engine.functions());
      assertEquals("function_not_found", worker.callAndWait("ext::plain", "{}").path("error").path("code").asText());
      assertEquals("function_not_found", worker.callAndWait("ext::loop", "{}").path("error").path("code").asText());
      assertTrue(worker.unconsumed().isEmpty(), "the worker is never told: " + worker.unconsumed());
    }
  }

  @Test
  void withoutTheModuleInvocationRegistrationsAreIgnored() throws Exception {
    try (TestEngine engine = TestEngine.start();
        RawWorker worker = RawWorker.connect(engine.url())) {
      worker.send("{\"type\":\"registerfunction\",\"id\":\"ext::any\",\"invocation\":{\"url\":\"https://example.com/\"}}");
      worker.barrier();
      assertEquals(List.of(), engine.functions());
      assertEquals("function_not_found", worker.callAndWait("ext::any", "{}").path("error").path("code").asText());
    }
  }
}
