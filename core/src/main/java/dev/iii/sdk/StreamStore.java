package dev.iii.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A custom stream implementation (the seed's {@code IStream}, PROTOCOL §7.3), registered with
 * {@link III#createStream(String, Class, StreamStore)}. When any worker calls {@code stream::get}, {@code set},
 * {@code delete}, {@code list} or {@code list_groups} for the stream's name, the engine calls these methods instead of
 * its own storage (and still emits the change events itself). {@code stream::update} is not delegated: like both
 * seed SDKs, this SDK does not register it, so updates go to the engine's built-in store.
 *
 * <p>Methods run on the worker's handler threads, possibly concurrently: implementations must be thread-safe. They may
 * block and may throw; a thrown exception becomes the caller's error. Items are converted through the worker's payload
 * mapper to and from {@code T}.
 */
public interface StreamStore<T> {

  /** The item, or null when absent. */
  @Nullable T get(String streamName, String groupId, String itemId) throws Exception;

  /** Stores {@code data} and returns the previous value (null when the item is new). */
  @Nullable T set(String streamName, String groupId, String itemId, T data) throws Exception;

  /** Removes the item and returns the previous value (null when it did not exist). */
  @Nullable T delete(String streamName, String groupId, String itemId) throws Exception;

  /** The items of one group (empty when the group is unknown). */
  List<T> list(String streamName, String groupId) throws Exception;

  /** The ids of the stream's groups. */
  List<String> listGroups(String streamName) throws Exception;

  /** The five registered functions of one custom stream; {@link #unregister()} (or close) removes them all. */
  interface Registration extends AutoCloseable {
    String streamName();

    /** The registered function ids, e.g. {@code stream::get(<name>)}. */
    List<String> functionIds();

    void unregister();

    @Override
    default void close() {
      unregister();
    }
  }
}
