package org.together.ingest.reference;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value per key of a compacted topic, as this instance knows it. Every update carries the offset
 * it was written at, and an update older than what is held is ignored: this instance can apply its own writes
 * as soon as they are committed, without the tail later rolling them back when it reads older records.
 */
public final class KeyedView<V> {

    private record Entry<V>(V value, long offset) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    /** Applies a value (null: a tombstone) written at {@code offset}; returns true when it was newer. */
    public boolean apply(String key, V value, long offset) {
        Objects.requireNonNull(key, "key");
        boolean[] applied = {false};
        entries.compute(key, (k, current) -> {
            if (current != null && current.offset() >= offset) {
                return current;
            }
            applied[0] = true;
            return new Entry<>(value, offset);
        });
        return applied[0];
    }

    public Optional<V> get(String key) {
        Entry<V> e = entries.get(key);
        return e == null ? Optional.empty() : Optional.ofNullable(e.value());
    }

    public boolean contains(String key) {
        return get(key).isPresent();
    }

    public List<V> values() {
        return entries.values().stream().map(Entry::value).filter(Objects::nonNull).toList();
    }
}
