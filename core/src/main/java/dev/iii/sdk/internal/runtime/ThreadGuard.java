package dev.iii.sdk.internal.runtime;

/**
 * Refuses blocking facade calls on a Pekko dispatcher thread: blocking there can starve the actors that would
 * complete the very call (DESIGN §3 "Handlers and threads").
 */
final class ThreadGuard {
  private ThreadGuard() {}

  static void checkMayBlock(String method, String asyncVariant) {
    if (isActorThread(Thread.currentThread())) {
      throw new IllegalStateException(
          "III." + method + " blocks and must not be called on a Pekko dispatcher thread ("
              + Thread.currentThread().getName() + "); use III." + asyncVariant + " instead");
    }
  }

  static boolean isActorThread(Thread t) {
    // Pekko's fork-join threads are its own class; thread-pool dispatcher threads are named
    // "<system>-<dispatcher id>-<n>", and every dispatcher id we or Pekko use contains one of these markers.
    if (t.getClass().getName().startsWith("org.apache.pekko.")) {
      return true;
    }
    String name = t.getName();
    return name.contains("pekko.actor.") || name.contains("iii.dispatcher") || name.contains("pekko.io.");
  }
}
