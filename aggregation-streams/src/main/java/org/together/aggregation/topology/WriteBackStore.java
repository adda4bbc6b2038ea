package org.together.aggregation.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store whose processor works on decoded values in memory and whose changed values go to the
 * changelogged store below only when Kafka Streams is about to commit.
 *
 * <p>Why: the figures of a territory day, a network day or a territory change with nearly every event. Kafka
 * Streams' own record cache keeps serialized bytes, so each update decoded and re-encoded the whole value
 * (tool and dimension columns included) and went through the store layers twice; here an update of a value
 * in memory is a map lookup, and a value changed a thousand times between two commits is encoded and logged
 * once.
 *
 * <p>Exactly once is kept: Kafka Streams flushes every {@link CachedStateStore} right before it commits a task
 * (its own caching stores use the same hook), so every change made before a commit is in the changelog of that
 * same transaction. A task closed uncleanly is closed without writing (its state is restored from the
 * changelog), and {@link #init} starts with nothing in memory, so nothing uncommitted survives a failure.
 *
 * <p>Why an internal interface: Kafka Streams 4.4 has no public hook that runs before a task commits. The public
 * {@link StateStore#commit} and {@link StateStore#flush} run after the transaction is committed (a write there
 * would land in the next one, and be lost by a crash in between); a processor's punctuation is not tied to
 * commits; and the public caching ({@code withCachingEnabled}) keeps serialized bytes, the cost this store
 * removes. {@code CachedStateStore.flushCache}, called in the task's prepare-commit step, is the one hook, so the
 * values are written there only (and when memory is full), never in {@code flush}/{@code commit}:
 * {@code KafkaStreamsCommitHookTest} fails if an upgrade stops calling it before the commit, and
 * {@code WriteBackStoreTest} would then find nothing written.
 *
 * <p>The processor reaches the values through {@link #values(StateStore)}; the store's own {@link KeyValueStore}
 * methods are for interactive queries: they read the store below, as of the last commit
 * ({@code commit.interval.ms}, 100 ms under exactly-once) or the last {@link Values#writeNow}, and never the
 * processor's values being changed.
 */
final class WriteBackStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {

    /** The custom query that hands the processor its {@link Values}. */
    private static final Query<Object> VALUES_QUERY = new Query<>() {
    };

    private final KeyValueStore<String, V> below;
    private final int maxValues;
    private final Values values = new Values();

    private WriteBackStore(KeyValueStore<String, V> below, int maxValues) {
        this.below = below;
        this.maxValues = maxValues;
    }

    /**
     * A persistent, changelogged store with up to {@code maxValues} values in memory (when full, the changed ones
     * are written below and memory starts over); RocksDB below, without a copy of its position per changelog record.
     */
    static <V> StoreBuilder<KeyValueStore<String, V>> persistent(String name, Serde<V> serde, int maxValues) {
        return builder(PositionWithoutCopies.of(Stores.persistentKeyValueStore(name)), serde, maxValues);
    }

    /** Over any bytes store (the one above, or one a test watches). */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(KeyValueBytesStoreSupplier supplier, Serde<V> serde, int maxValues) {
        return new Builder<>(Stores.keyValueStoreBuilder(supplier, Serdes.String(), serde).withCachingDisabled(), maxValues);
    }

    /** The values of the store a processor got from {@code context.getStateStore(name)}. */
    @SuppressWarnings("unchecked")
    static <V> WriteBackStore<V>.Values values(StateStore fromContext) {
        QueryResult<Object> result = fromContext.query(VALUES_QUERY, PositionBound.unbounded(), new QueryConfig(false));
        if (!result.isSuccess() || !(result.getResult() instanceof WriteBackStore<?>.Values v)) {
            throw new IllegalStateException("store " + fromContext.name() + " is not a write-back store");
        }
        return (WriteBackStore<V>.Values) v;
    }

    /**
     * The processor's view: values are the stored objects themselves, changed in place and then put back, so
     * the store knows they changed. Only the stream thread that runs the task uses it.
     */
    final class Values {

        private final Map<String, Slot<V>> slots = new HashMap<>();
        /** What the processor does right before each commit of its task ({@link ForwardAtCommit}); null: nothing. */
        private Runnable beforeCommit;
        /** Slots changed since the last flush, in the order of their first change. */
        private final List<Slot<V>> changed = new ArrayList<>();

        /**
         * Runs {@code action} right before each commit of the task, before the changed values are written: what it
         * sends goes out in the same transaction. Replaces any earlier one (a processor set up again after a failure).
         */
        void beforeCommit(Runnable action) {
            beforeCommit = action;
        }

        /** The value, or null; the same object until the next commit or eviction, so a change in place needs a put. */
        V get(String key) {
            Slot<V> slot = slots.get(key);
            if (slot == null) {
                V value = below.get(key);
                add(new Slot<>(key, value, value != null));
                return value;
            }
            return slot.value;
        }

        void put(String key, V value) {
            set(key, Objects.requireNonNull(value, "value"));
        }

        void delete(String key) {
            set(key, null);
        }

        private void set(String key, V value) {
            Slot<V> slot = slots.get(key);
            if (slot == null) {
                slot = new Slot<>(key, value, below.get(key) != null);
                add(slot);
            } else {
                slot.value = value;
            }
            if (value == null && !slot.below) {
                // nothing below to delete: forget the key, so a store whose keys come and go (the outbox) stays small
                slots.remove(key);
                return;
            }
            if (!slot.changed) {
                slot.changed = true;
                changed.add(slot);
            }
        }

        /** When full, every changed value is written below and memory starts over: cheaper than keeping an LRU order on each read. */
        private void add(Slot<V> slot) {
            if (slots.size() >= maxValues) {
                flush();
                slots.clear();
            }
            slots.put(slot.key, slot);
        }

        /** Every key with a value, in key order: those in memory and those below (nothing is written). */
        List<String> keys() {
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            forEach((key, value) -> keys.add(key));
            return List.copyOf(keys);
        }

        /**
         * Every key with its current value, those in memory first, then those only below; read values are not kept
         * in memory, so a scan of a large store evicts nothing.
         */
        void forEach(java.util.function.BiConsumer<String, V> action) {
            for (Slot<V> slot : slots.values()) {
                if (slot.value != null) {
                    action.accept(slot.key, slot.value);
                }
            }
            try (KeyValueIterator<String, V> it = below.all()) {
                while (it.hasNext()) {
                    KeyValue<String, V> kv = it.next();
                    if (!slots.containsKey(kv.key)) {
                        action.accept(kv.key, kv.value);
                    }
                }
            }
        }

        /**
         * Writes the changed values below now, into the transaction under way (as an eviction does): interactive
         * queries see them before the commit, as they see any store written without a cache.
         */
        void writeNow() {
            flush();
        }

        /** One batch below: one RocksDB write batch, the changelog records in the order of first change. */
        private void flush() {
            List<KeyValue<String, V>> batch = new ArrayList<>(changed.size());
            for (Slot<V> slot : changed) {
                if (slot.value != null || slot.below) {
                    batch.add(KeyValue.pair(slot.key, slot.value)); // null: a delete
                }
                slot.changed = false;
                slot.below = slot.value != null;
                if (slot.value == null && slots.get(slot.key) == slot) {
                    slots.remove(slot.key); // deleted below now: nothing to remember
                }
            }
            changed.clear();
            if (!batch.isEmpty()) {
                below.putAll(batch);
            }
        }

        private void clear() {
            slots.clear();
            changed.clear();
        }
    }

    private static final class Slot<V> {
        final String key;
        V value;
        boolean changed;
        /** Whether the store below has a value for the key: a key added and removed between commits is never written. */
        boolean below;

        Slot(String key, V value, boolean below) {
            this.key = key;
            this.value = value;
            this.below = below;
        }
    }

    // ---- the state store: lifecycle from Kafka Streams ----

    @Override
    public void init(StateStoreContext context, StateStore root) {
        values.clear();
        values.beforeCommit = null;
        below.init(context, root);
    }

    /** Called by Kafka Streams right before each commit of the task: the changes go below, into this transaction. */
    @Override
    public void flushCache() {
        if (values.beforeCommit != null) {
            values.beforeCommit.run();
        }
        values.flush();
    }

    /** Called when the task's state is thrown away: forget without writing. */
    @Override
    public void clearCache() {
        values.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false; // nothing downstream listens to this store's changes
    }

    @Override
    public void flush() {
        below.flush(); // the values were written in flushCache, before the commit; writing now would be too late
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        below.commit(changelogOffsets);
    }

    @Override
    public void close() {
        values.clear(); // a clean close was preceded by a commit; an unclean one must not write
        below.close();
    }

    @Override
    public String name() {
        return below.name();
    }

    @Override
    public boolean persistent() {
        return below.persistent();
    }

    @Override
    public boolean isOpen() {
        return below.isOpen();
    }

    @Override
    public boolean managesOffsets() {
        return below.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return below.committedOffset(partition);
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return below.approximateNumUncommittedBytes();
    }

    @Override
    public Position getPosition() {
        return below.getPosition();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        if (query == VALUES_QUERY) {
            return (QueryResult<R>) QueryResult.forResult(values);
        }
        return below.query(query, positionBound, config);
    }

    // ---- reads for interactive queries: the committed values below ----

    @Override
    public V get(String key) {
        return below.get(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return below.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return below.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return below.all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return below.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return below.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return below.approximateNumEntries();
    }

    // ---- writes go through the processor's values only ----

    @Override
    public void put(String key, V value) {
        throw writesThroughValues();
    }

    @Override
    public V putIfAbsent(String key, V value) {
        throw writesThroughValues();
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        throw writesThroughValues();
    }

    @Override
    public V delete(String key) {
        throw writesThroughValues();
    }

    private UnsupportedOperationException writesThroughValues() {
        return new UnsupportedOperationException("store " + name() + " is written through WriteBackStore.values(store) only");
    }

    private static final class Builder<V> implements StoreBuilder<KeyValueStore<String, V>> {

        private final StoreBuilder<KeyValueStore<String, V>> below;
        private final int maxValues;

        Builder(StoreBuilder<KeyValueStore<String, V>> below, int maxValues) {
            this.below = below;
            this.maxValues = maxValues;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store is its own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            below.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            throw new UnsupportedOperationException("a write-back store is changelogged: it is restored from it after a failure");
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new WriteBackStore<>(below.build(), maxValues);
        }

        @Override
        public Map<String, String> logConfig() {
            return below.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return below.loggingEnabled();
        }

        @Override
        public String name() {
            return below.name();
        }
    }
}
