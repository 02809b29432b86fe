package dev.iii.testkit.internal.state;

import org.jspecify.annotations.Nullable;

/**
 * A registered {@code state} or {@code stream} trigger with its parsed filters. For {@code state}, {@code a}/{@code b}
 * are scope/key; for {@code stream}, stream_name/group_id, with {@code itemId} as third filter.
 */
record ChangeTrigger(String id, String functionId, @Nullable String a, @Nullable String b,
    @Nullable String itemId, @Nullable String conditionFunctionId) {}
