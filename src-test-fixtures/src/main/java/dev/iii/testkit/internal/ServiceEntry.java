package dev.iii.testkit.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A service (ENGINE §4.6): bookkeeping only, keyed by name; {@code functions} guarded by the engine lock. */
final class ServiceEntry {
  final String id;
  final String name;
  final @Nullable String parentServiceId;
  final Set<String> functions = new LinkedHashSet<>();

  ServiceEntry(String id, String name, @Nullable String parentServiceId) {
    this.id = id;
    this.name = name;
    this.parentServiceId = parentServiceId;
  }
}
