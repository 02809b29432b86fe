package dev.iii.sdk.internal.ws;

import dev.iii.sdk.IIIException;

/** The peer broke RFC 6455 framing; the connection cannot continue (the worker reconnects). */
final class WsProtocolException extends IIIException {
  WsProtocolException(String message) {
    super("WebSocket protocol error from the engine: " + message);
  }
}
