package dev.iii.testkit.internal;

/**
 * Namespaced registry keys (0.23 mode, PROTOCOL §10.3). Functions of {@code default} keep their bare id as key,
 * so every 0.11.6 lookup (built-ins, triggers, HTTP routes) stays unchanged; other namespaces get a prefix that
 * no function id can contain.
 */
final class Namespaces {
  static final String DEFAULT = "default";
  private static final char SEPARATOR = '\u0000';

  private Namespaces() {}

  static String key(String namespace, String functionId) {
    return DEFAULT.equals(namespace) ? functionId : namespace + SEPARATOR + functionId;
  }

  /** The namespace part of a key made by {@link #key}. */
  static String namespaceOf(String key) {
    int sep = key.indexOf(SEPARATOR);
    return sep < 0 ? DEFAULT : key.substring(0, sep);
  }
}
