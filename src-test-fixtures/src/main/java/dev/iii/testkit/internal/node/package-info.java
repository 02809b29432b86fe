/**
 * Internal test tooling, not API: helpers that start and drive Node.js workers of the official Node SDK
 * ({@code interop/node} in the repository) from Java tests of any module. It lives in main code only so that
 * other modules' tests can use it through the {@code iii-testkit} test dependency; anything here may change
 * without notice, and it is only meant to run inside this repository's build.
 */
package dev.iii.testkit.internal.node;
