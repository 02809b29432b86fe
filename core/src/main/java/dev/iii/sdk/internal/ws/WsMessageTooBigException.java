package dev.iii.sdk.internal.ws;

import dev.iii.sdk.IIIException;

/** A text message above the limit, on a socket where that ends the connection (a channel). */
public final class WsMessageTooBigException extends IIIException {
  WsMessageTooBigException(String what) {
    super("the engine sent " + what + " (the limit)");
  }
}
