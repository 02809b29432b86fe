/**
 * The iii test engine: an in-process stand-in for the iii engine at 0.11.6, for tests and as a standalone
 * process. Entry points: {@link dev.iii.testkit.TestEngine} (start, url, close, introspection,
 * {@code awaitFunction}), {@link dev.iii.testkit.TestEngineOptions}, the JUnit 5
 * {@link dev.iii.testkit.TestEngineExtension} and {@link dev.iii.testkit.TestEngineMain} (the standalone jar).
 * Everything under {@code dev.iii.testkit.internal} is implementation.
 */
package dev.iii.testkit;
