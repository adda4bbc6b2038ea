package org.together.ingest.idempotency;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.IndexStore;
import org.together.ingest.index.IndexedTopic;
import org.together.schemas.Topics;

/**
 * The claims of new eventIds as this instance has read them ({@code together.event-claims}), off the heap in the local
 * {@link IndexStore}: for each eventId, the first 128 bits of the content hash (as stored) of its first claim in the
 * partition's order, which every instance reads alike. So two instances that receive one new eventId at once agree on
 * the content it is taken with before either writes it.
 *
 * <p>The topic keeps claims 7 days ({@link Topics#EVENT_CLAIMS}): an index that has read a claim since deleted from the
 * topic must not decide otherwise than one built afterwards. A claim therefore holds an id for {@link #LIFETIME_MS} (by
 * the broker's timestamps, less than the retention): a claim written later than that after the one held replaces it,
 * whatever index reads it.
 */
public final class ClaimIndex implements IndexedTopic {

    /** The table of the index store this index lives in. */
    public static final String TABLE = "event-claims";
    /** How long a claim holds its eventId: less than the topic's 7 days of retention. */
    public static final long LIFETIME_MS = 6L * 24 * 3600 * 1000;

    /** The claim held for an eventId: its content hash (first 128 bits) and the broker's timestamp of it. */
    record Claim(long hash0, long hash1, long timestamp) {

        boolean matches(String hexHash) {
            return hash0 == Long.parseUnsignedLong(hexHash, 0, 16, 16) && hash1 == Long.parseUnsignedLong(hexHash, 16, 32, 16);
        }

        /** Whether a claim read after this one takes the eventId from it. */
        boolean replacedBy(Claim later) {
            return later.timestamp() - timestamp > LIFETIME_MS;
        }
    }

    private final IndexStore.Table table;
    // read by the tail thread since the last commit, in log order per eventId; applied at the commit with one lookup
    private final Map<ByteBuffer, List<Claim>> pending = new LinkedHashMap<>();

    public ClaimIndex(IndexStore store) {
        this.table = store.table(TABLE);
    }

    @Override
    public String topic() {
        return Topics.EVENT_CLAIMS.name();
    }

    @Override
    public int partitions() {
        return Topics.EVENT_CLAIMS.partitions();
    }

    @Override
    public IndexStore.Table table() {
        return table;
    }

    @Override
    public long maxResumeAgeMs() {
        return 0; // no tombstones: a claim deleted by retention while not reading is replaced as LIFETIME_MS says
    }

    /** The claim held for each eventId, as of the tail's last commit; absent ids are not in the map. */
    Map<String, Claim> held(Collection<String> eventIds) {
        List<String> ids = new ArrayList<>(eventIds);
        List<byte[]> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(ReceiptIndex.key(id)));
        List<byte[]> values = table.getAll(keys);
        Map<String, Claim> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Claim c = decode(values.get(i));
            if (c != null) {
                out.put(ids.get(i), c);
            }
        }
        return out;
    }

    /** Applies a claim read by the tail (ingest writes the hash in a header); written at the next commit. */
    @Override
    public void apply(ConsumerRecord<String, byte[]> record, WriteBatch batch) {
        Header stored = record.headers().lastHeader(ReceiptIndex.HASH_HEADER);
        if (record.key() == null || record.value() == null || stored == null || stored.value() == null
                || stored.value().length != ReceiptIndex.HASH_BYTES) {
            return;
        }
        ByteBuffer h = ByteBuffer.wrap(stored.value());
        pending.computeIfAbsent(ByteBuffer.wrap(ReceiptIndex.key(record.key())), k -> new ArrayList<>(1))
                .add(new Claim(h.getLong(), h.getLong(), record.timestamp()));
    }

    /** The first claim of each eventId stays, unless a later one comes after its lifetime; a claim read again changes nothing. */
    @Override
    public void checkpoint(WriteBatch batch) {
        if (pending.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>(pending.size());
        pending.keySet().forEach(k -> keys.add(k.array()));
        List<byte[]> stored = table.getAll(keys);
        int i = 0;
        for (List<Claim> claims : pending.values()) {
            byte[] key = keys.get(i);
            Claim held = decode(stored.get(i++));
            Claim before = held;
            for (Claim c : claims) {
                if (held == null || held.replacedBy(c)) {
                    held = c;
                }
            }
            if (held != before) {
                table.put(batch, key, ByteBuffer.allocate(24).putLong(held.hash0()).putLong(held.hash1())
                        .putLong(held.timestamp()).array());
            }
        }
        pending.clear();
    }

    @Override
    public void reset() {
        pending.clear();
    }

    private static Claim decode(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return new Claim(b.getLong(), b.getLong(), b.getLong());
    }
}
