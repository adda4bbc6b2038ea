package org.together.ingest.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The ingest instance's local indexes, off the heap in RocksDB: tables rebuilt from compacted topics, and where
 * the reading of each topic stands (written in the same atomic batch as what it read, so they never disagree).
 *
 * <p>Everything here can be rebuilt from Kafka: there is no write-ahead log, and a crash loses at most what was
 * written since the last flush, which the tail then reads again. Memory is bounded whatever the history: one LRU
 * cache holds the data blocks, the index and filter blocks and (charged to it) the memtables.
 */
public final class IndexStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /** What the store may take off the heap: block cache and memtables together. */
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    private static final String META = "default";
    private static final byte[] UPPER_BOUND = upperBound();

    private final RocksDB db;
    private final Path dir;
    private final Map<String, Table> tables = new HashMap<>();
    private final ColumnFamilyHandle meta;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WriteOptions writes;
    private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;

    /** How a table is kept. */
    public record TableSpec(String name, long periodicCompactionSeconds) {
    }

    private IndexStore(RocksDB db, Path dir, ColumnFamilyHandle meta, WriteOptions writes) {
        this.db = db;
        this.dir = dir;
        this.meta = meta;
        this.writes = writes;
    }

    /** Opens (or creates) the store in {@code dir} with the given tables. */
    public static IndexStore open(Path dir, List<TableSpec> specs, long memoryBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index directory " + dir, e);
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Cache cache = new LRUCache(memoryBytes);
            WriteBufferManager buffers = new WriteBufferManager(memoryBytes / 2, cache);
            BloomFilter bloom = new BloomFilter(10, false);
            resources.add(cache);
            resources.add(buffers);
            resources.add(bloom);
            DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    // the position of each topic and the records read up to it go to disk together
                    .setAtomicFlush(true)
                    .setWriteBufferManager(buffers)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(2);
            resources.add(options);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions(cache, bloom, 0, resources)));
            for (TableSpec spec : specs) {
                descriptors.add(new ColumnFamilyDescriptor(spec.name().getBytes(StandardCharsets.UTF_8),
                        columnOptions(cache, bloom, spec.periodicCompactionSeconds(), resources)));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            WriteOptions writes = new WriteOptions().setDisableWAL(true);
            resources.add(writes);
            IndexStore store = new IndexStore(db, dir, handles.get(0), writes);
            store.resources.addAll(resources);
            for (int i = 0; i < specs.size(); i++) {
                store.tables.put(specs.get(i).name(), store.new Table(handles.get(i + 1)));
            }
            return store;
        } catch (RocksDBException e) {
            resources.forEach(IndexStore::closeQuietly);
            throw new IllegalStateException("cannot open the index in " + dir + ": " + e.getMessage()
                    + " (is another ingest instance using this data dir?)", e);
        }
    }

    private static ColumnFamilyOptions columnOptions(Cache cache, BloomFilter bloom, long periodicCompactionSeconds,
                                                     List<AutoCloseable> resources) {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
        ColumnFamilyOptions options = new ColumnFamilyOptions().setTableFormatConfig(table)
                // keys and values are hashes and random ids: nothing to compress
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(8L * 1024 * 1024)
                .setMaxWriteBufferNumber(2);
        if (periodicCompactionSeconds > 0) {
            options.setPeriodicCompactionSeconds(periodicCompactionSeconds);
        }
        resources.add(options);
        return options;
    }

    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name);
        }
        return t;
    }

    public Path directory() {
        return dir;
    }

    /** Off-heap bytes in use: the block cache (data, index and filter blocks, memtables charged to it). */
    public long memoryBytes() {
        return read(() -> db.getLongProperty(meta, "rocksdb.block-cache-usage"));
    }

    /** Bytes of the tables' files on disk. */
    public long diskBytes() {
        return read(() -> {
            long total = db.getLongProperty(meta, "rocksdb.total-sst-files-size");
            for (Table t : tables.values()) {
                total += db.getLongProperty(t.handle, "rocksdb.total-sst-files-size");
            }
            return total;
        });
    }

    /** Where reading a partition stood at the last commit, if it was ever read into this store. */
    public OptionalLong position(TopicPartition partition) {
        byte[] v = read(() -> db.get(meta, positionKey(partition)));
        return v == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(v).getLong());
    }

    public void putPosition(WriteBatch batch, TopicPartition partition, long offset) {
        put(batch, meta, positionKey(partition), ByteBuffer.allocate(8).putLong(offset).array());
    }

    public Optional<String> meta(String key) {
        byte[] v = read(() -> db.get(meta, metaKey(key)));
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
    }

    public void putMeta(WriteBatch batch, String key, String value) {
        put(batch, meta, metaKey(key), value.getBytes(StandardCharsets.UTF_8));
    }

    /** Applies a batch atomically. */
    public void write(WriteBatch batch) {
        read(() -> {
            db.write(writes, batch);
            return null;
        });
    }

    /** Empties a table and forgets where reading its topic stood, so that it is rebuilt from the beginning. */
    public void reset(Table table, String topic, int partitions) {
        read(() -> {
            db.deleteRange(table.handle, writes, new byte[0], UPPER_BOUND);
            try (WriteBatch batch = new WriteBatch()) {
                for (int p = 0; p < partitions; p++) {
                    batch.delete(meta, positionKey(new TopicPartition(topic, p)));
                }
                db.write(writes, batch);
            }
            return null;
        });
    }

    /** Writes the memtables to disk, so that a restart resumes where reading stands now. */
    public void flush() {
        read(() -> {
            flushAll();
            return null;
        });
    }

    /** Every table with the positions: a flush never puts a table on disk ahead of where reading stood. */
    private void flushAll() throws RocksDBException {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            List<ColumnFamilyHandle> all = new ArrayList<>();
            all.add(meta);
            tables.values().forEach(t -> all.add(t.handle));
            db.flush(flush, all);
        }
    }

    private static byte[] positionKey(TopicPartition partition) {
        return ("position/" + partition.topic() + "/" + partition.partition()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] metaKey(String key) {
        return ("meta/" + key).getBytes(StandardCharsets.UTF_8);
    }

    private static void put(WriteBatch batch, ColumnFamilyHandle handle, byte[] key, byte[] value) {
        try {
            batch.put(handle, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the index batch: " + e.getMessage(), e);
        }
    }

    private interface Call<T> {
        T call() throws RocksDBException;
    }

    /** Runs a call while the store is open: closing waits for calls in progress and refuses later ones. */
    private <T> T read(Call<T> call) {
        open.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the index is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw new IllegalStateException("index failure: " + e.getMessage(), e);
        } finally {
            open.readLock().unlock();
        }
    }

    /** Flushes, then closes: a restart resumes where reading stood. */
    @Override
    public void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            // closing anyway: the tail reads again what was not flushed
        }
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tables.values().forEach(t -> t.handle.close());
            meta.close();
            db.close();
            resources.forEach(IndexStore::closeQuietly);
        } finally {
            open.writeLock().unlock();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // native resources of a store being closed
        }
    }

    private static byte[] upperBound() {
        byte[] b = new byte[1024];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    /** One table (a RocksDB column family) of the store. */
    public final class Table {
        private final ColumnFamilyHandle handle;

        private Table(ColumnFamilyHandle handle) {
            this.handle = handle;
        }

        public byte[] get(byte[] key) {
            return read(() -> db.get(handle, key));
        }

        /** Values for several keys in one call (null where absent), in the keys' order. */
        public List<byte[]> getAll(List<byte[]> keys) {
            if (keys.isEmpty()) {
                return List.of();
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                handles.add(handle);
            }
            return read(() -> db.multiGetAsList(handles, keys));
        }

        /** Writes at once (not through a batch). */
        public void put(byte[] key, byte[] value) {
            read(() -> {
                db.put(handle, writes, key, value);
                return null;
            });
        }

        public void put(WriteBatch batch, byte[] key, byte[] value) {
            IndexStore.put(batch, handle, key, value);
        }

        public void delete(WriteBatch batch, byte[] key) {
            try {
                batch.delete(handle, key);
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot write to the index batch: " + e.getMessage(), e);
            }
        }

        /** Up to {@code limit} keys from {@code from} (inclusive) to {@code to} (exclusive), in order. */
        public List<byte[]> keys(byte[] from, byte[] to, int limit) {
            return read(() -> {
                List<byte[]> out = new ArrayList<>();
                try (Slice upper = new Slice(to); ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
                     RocksIterator it = db.newIterator(handle, options)) {
                    for (it.seek(from); it.isValid() && out.size() < limit; it.next()) {
                        out.add(it.key());
                    }
                    it.status();
                }
                return out;
            });
        }

        /** RocksDB's estimate of the number of keys. */
        public long estimatedEntries() {
            return read(() -> db.getLongProperty(handle, "rocksdb.estimate-num-keys"));
        }

        /**
         * Rewrites the files that hold keys from {@code from} (inclusive) to {@code to} (exclusive), memtable and
         * bottom level included, so that deleted values leave the disk now rather than at the next compaction.
         */
        public void compact(byte[] from, byte[] to) {
            read(() -> {
                flushAll();
                try (CompactRangeOptions options = new CompactRangeOptions()
                        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
                    db.compactRange(handle, from, to, options);
                }
                return null;
            });
        }
    }
}
