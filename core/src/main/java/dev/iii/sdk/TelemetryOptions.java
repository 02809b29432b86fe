package dev.iii.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The {@code telemetry} part of the worker metadata sent to {@code engine::workers::register} (PROTOCOL §3.4). Unset
 * fields take the defaults: language = default locale, project name = working directory's name, framework =
 * {@code iii-java}.
 */
public record TelemetryOptions(
    @Nullable String language,
    @Nullable String projectName,
    @Nullable String framework,
    @Nullable String amplitudeApiKey) {

  private static final TelemetryOptions DEFAULT = new TelemetryOptions(null, null, null, null);

  public static TelemetryOptions getDefaultInstance() {
    return DEFAULT;
  }
}
