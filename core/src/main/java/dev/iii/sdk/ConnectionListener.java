package dev.iii.sdk;

/** Hears connection events, on the worker's callback executor (never on an actor or I/O thread). */
@FunctionalInterface
public interface ConnectionListener {
  void onEvent(ConnectionEvent event);
}
