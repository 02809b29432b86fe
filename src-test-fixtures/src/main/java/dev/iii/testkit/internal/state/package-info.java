/**
 * The {@code iii-state} and {@code iii-stream} modules of the test engine (ENGINE §5.7, §5.8, §7.2, §7.3):
 * in-memory {@code state::*} and {@code stream::*} built-ins with the shared update ops, the {@code state} and
 * {@code stream} trigger types with their change events, and delegation of a custom stream's operations to the
 * {@code stream::<op>(<name>)} functions a worker registered. The stream socket (port 3112, {@code stream:join}
 * / {@code stream:leave}) is not simulated.
 */
@NullMarked
package dev.iii.testkit.internal.state;

import org.jspecify.annotations.NullMarked;
