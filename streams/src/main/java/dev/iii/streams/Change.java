package dev.iii.streams;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of a set or update: the value before and after. {@code errors} lists update ops the engine skipped
 * (the call still succeeded and the other ops applied); always empty for set.
 */
public record Change<T>(@Nullable T oldValue, @Nullable T newValue, List<UpdateError> errors) {
  public Change {
    errors = List.copyOf(errors);
  }
}
