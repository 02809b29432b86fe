package dev.iii.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/** A telemetry frame received: {@code kind} "OTLP", "LOGS" or "MTRC", the socket path ("/" or "/otel"), the body. */
public record TelemetryFrame(String kind, String path, JsonNode body) {}
