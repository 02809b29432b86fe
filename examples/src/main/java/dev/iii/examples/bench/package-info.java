/**
 * Invocation benchmark harness, run by hand (never in CI, never as a timed test).
 * {@link dev.iii.examples.bench.BenchMain} starts the test engine's standalone jar as its own process, then for
 * each client kind — raw relay on {@code java.net.http}, raw relay on Pekko HTTP, Java SDK, Node SDK 0.11.6 — a
 * callee and two caller processes, and prints a comparison table against the targets; plus the
 * {@code register10k} and {@code inflight10k} scenarios. Command line: {@link dev.iii.examples.bench.BenchMain}.
 */
package dev.iii.examples.bench;
