package dev.iii.sdk.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkerCoreTest {
  @Test
  void invocationIdsAreVersion4VariantRfc4122AndDistinct() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = WorkerCore.randomUuid();
      assertEquals(4, id.version());
      assertEquals(2, id.variant());
      seen.add(id);
    }
    assertEquals(10_000, seen.size());
  }
}
