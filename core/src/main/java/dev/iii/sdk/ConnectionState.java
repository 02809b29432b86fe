package dev.iii.sdk;

/**
 * The worker's connection state (DESIGN §3). {@link #CONNECTED} means the engine's {@code workerregistered} arrived, so
 * {@link III#workerId()} is known. {@link #CLOSED} is entered only by shutdown and is final.
 */
public enum ConnectionState {
  DISCONNECTED,
  CONNECTING,
  CONNECTED,
  RECONNECTING,
  FAILED,
  CLOSED
}
