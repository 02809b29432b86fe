/**
 * The iii SDK for Java. The entry point is {@link dev.iii.sdk.III}:
 *
 * <pre>{@code
 * try (III iii = III.registerWorker("ws://localhost:49134", InitOptions.getDefaultInstance())) {
 *   iii.registerFunction(FunctionDef.of("math::add", Pair.class, Integer.class, (p, ctx) -> p.a() + p.b()));
 *   iii.awaitRegistrations().toCompletableFuture().join();
 *   int sum = iii.call("math::add", new Pair(1, 2), Integer.class);
 * }
 * }</pre>
 *
 * <p>Everything else in this package is a small value type, an option class or a functional interface. Failures
 * are unchecked {@link dev.iii.sdk.IIIException}s; {@link dev.iii.sdk.ErrorCodes} lists the wire codes.
 */
package dev.iii.sdk;
