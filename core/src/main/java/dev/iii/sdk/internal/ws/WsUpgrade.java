package dev.iii.sdk.internal.ws;

import java.util.Map;

/** The engine's answer to the upgrade: status 101 and its header fields (names in lower case). */
public record WsUpgrade(int status, Map<String, String> headers) {}
