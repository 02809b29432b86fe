package dev.iii.sdk;

/** A registered function. {@link #unregister()} (or close) removes it locally and from the engine. */
public interface FunctionRef extends AutoCloseable {
  String id();

  void unregister();

  @Override
  default void close() {
    unregister();
  }
}
