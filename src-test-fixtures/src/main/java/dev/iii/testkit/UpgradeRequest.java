package dev.iii.testkit;

import java.util.Map;

/** An HTTP request received on the engine's port: path without query, headers with lower-case names. */
public record UpgradeRequest(String path, Map<String, String> headers) {}
