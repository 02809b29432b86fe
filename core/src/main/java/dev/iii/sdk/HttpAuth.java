package dev.iii.sdk;

/**
 * How the engine authenticates when it calls an HTTP-invoked function (PROTOCOL §2.14.3, §8.2). Every value here is
 * the <b>name of an environment variable on the engine host</b>, read there when the function is registered — never
 * a secret: secrets never travel through the worker. A missing variable makes the engine drop the registration
 * silently (calls then get {@code function_not_found}).
 */
public sealed interface HttpAuth {
  /** {@code Authorization: Bearer <value of tokenEnvVar>}. */
  static HttpAuth bearerFromEngineEnv(String tokenEnvVar) {
    return new Bearer(tokenEnvVar);
  }

  /** {@code x-iii-signature: sha256=<HMAC-SHA256 of "<timestamp>:<base64(body)>" keyed by secretEnvVar's value>}. */
  static HttpAuth hmacFromEngineEnv(String secretEnvVar) {
    return new Hmac(secretEnvVar);
  }

  /** {@code <header>: <value of valueEnvVar>}. */
  static HttpAuth apiKeyFromEngineEnv(String header, String valueEnvVar) {
    return new ApiKey(header, valueEnvVar);
  }

  record Bearer(String tokenEnvVar) implements HttpAuth {
    public Bearer {
      requireName(tokenEnvVar, "bearer token environment variable");
    }
  }

  record Hmac(String secretEnvVar) implements HttpAuth {
    public Hmac {
      requireName(secretEnvVar, "hmac secret environment variable");
    }
  }

  record ApiKey(String header, String valueEnvVar) implements HttpAuth {
    public ApiKey {
      requireName(header, "api key header");
      requireName(valueEnvVar, "api key environment variable");
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " name is required");
    }
  }
}
