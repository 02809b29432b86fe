package dev.iii.streams;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One operation of {@code state::update} / {@code stream::update} (PROTOCOL §7.2), applied in order to the current
 * value. A {@code path} is <b>one first-level key</b> (a dot is part of the key); {@code ""} targets the whole value.
 * Only {@link #merge(List, Object)} walks nested keys. Values are written through the client's payload mapper.
 */
public final class UpdateOp {
  private final String type;
  private final @Nullable Object path;
  private final @Nullable Object value;
  private final @Nullable Long by;

  private UpdateOp(String type, @Nullable Object path, @Nullable Object value, @Nullable Long by) {
    this.type = type;
    this.path = path;
    this.value = value;
    this.by = by;
  }

  /** Replaces key {@code path} (or the whole value for {@code ""}). */
  public static UpdateOp set(String path, @Nullable Object value) {
    return new UpdateOp("set", key(path), value, null);
  }

  /** Adds {@code by}; a missing key starts at {@code by}. */
  public static UpdateOp increment(String path, long by) {
    return new UpdateOp("increment", key(path), null, by);
  }

  /** Subtracts {@code by}; a missing key starts at {@code -by}. */
  public static UpdateOp decrement(String path, long by) {
    return new UpdateOp("decrement", key(path), null, by);
  }

  /** Shallow-merges an object into the root (which must already be an object, else the engine skips it). */
  public static UpdateOp merge(Object value) {
    return new UpdateOp("merge", null, Objects.requireNonNull(value, "value"), null);
  }

  /** Shallow-merges an object into key {@code path}. */
  public static UpdateOp merge(String path, Object value) {
    return new UpdateOp("merge", key(path), Objects.requireNonNull(value, "value"), null);
  }

  /** Shallow-merges an object at a nested path of literal keys (missing intermediates become objects). */
  public static UpdateOp merge(List<String> path, Object value) {
    return new UpdateOp("merge", List.copyOf(path), Objects.requireNonNull(value, "value"), null);
  }

  /** Pushes onto an array, concatenates to a string, or starts one ({@code [value]} or the string itself). */
  public static UpdateOp append(String path, @Nullable Object value) {
    return new UpdateOp("append", key(path), value, null);
  }

  /** Deletes key {@code path} ({@code ""}: the value becomes null). */
  public static UpdateOp remove(String path) {
    return new UpdateOp("remove", key(path), null, null);
  }

  private static String key(String path) {
    return Objects.requireNonNull(path, "path (use \"\" for the whole value)");
  }

  public String type() {
    return type;
  }

  /** A {@code String}, a {@code List<String>} (nested merge) or null (root merge). */
  public @Nullable Object path() {
    return path;
  }

  public @Nullable Object value() {
    return value;
  }

  public @Nullable Long by() {
    return by;
  }

  @Override
  public String toString() {
    return "UpdateOp{" + type + (path != null ? ", path=" + path : "") + (by != null ? ", by=" + by : "")
        + (value != null ? ", value=" + value : "") + "}";
  }
}
