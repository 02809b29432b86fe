package dev.iii.sdk.streams;

import dev.iii.sdk.StreamStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link StreamStore} backed by Java maps, counting its calls so tests can prove the engine delegated to it. */
final class MapStreamStore<T> implements StreamStore<T> {

  /** group id → item id → value; sorted so listings are deterministic. */
  private final Map<String, Map<String, T>> groups = new ConcurrentHashMap<>();
  final AtomicInteger calls = new AtomicInteger();

  @Override
  public synchronized T get(String streamName, String groupId, String itemId) {
    calls.incrementAndGet();
    Map<String, T> g = groups.get(groupId);
    return g == null ? null : g.get(itemId);
  }

  @Override
  public synchronized T set(String streamName, String groupId, String itemId, T data) {
    calls.incrementAndGet();
    return groups.computeIfAbsent(groupId, k -> new TreeMap<>()).put(itemId, data);
  }

  @Override
  public synchronized T delete(String streamName, String groupId, String itemId) {
    calls.incrementAndGet();
    Map<String, T> g = groups.get(groupId);
    return g == null ? null : g.remove(itemId);
  }

  @Override
  public synchronized List<T> list(String streamName, String groupId) {
    calls.incrementAndGet();
    Map<String, T> g = groups.get(groupId);
    return g == null ? List.of() : new ArrayList<>(g.values());
  }

  @Override
  public synchronized List<String> listGroups(String streamName) {
    calls.incrementAndGet();
    return new ArrayList<>(new TreeMap<>(groups).keySet());
  }

  synchronized Map<String, T> group(String groupId) {
    return new TreeMap<>(groups.getOrDefault(groupId, Map.of()));
  }
}
