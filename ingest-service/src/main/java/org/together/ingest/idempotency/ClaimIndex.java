package org.together.ingest.idempotency;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.IndexStore;
import org.together.ingest.index.IndexedTopic;
import org.together.schemas.Topics;

/**
 * The claims of new eventIds as this instance has read them ({@code together.event-claims}, records of the claims of
 * one partition and one group of requests: see {@link #record}), off the heap in the local
 * {@link IndexStore}: for each eventId, the first 128 bits of the content hash (as stored) of its first claim in the
 * partition's order, which every instance reads alike. So two instances that receive one new eventId at once agree on
 * the content it is taken with before either writes it.
 *
 * <p>A claim holds its id for {@link #LIFETIME_MS} (by the broker's timestamps): a claim written later than that after
 * the one held replaces it, whatever index reads it. That is long enough for the held claim's write to have committed
 * or been aborted (its transaction starts within ingest's 10 s write timeout of the claim and lasts at most the
 * producers' 15 s), so an id is taken again only when the receipts already show what became of it; and short enough
 * that the claim of a write that never happened (an instance died, a 503) does not keep other content out for long. A
 * claim older than {@link #FORGET_AFTER_MS} can no longer hold an id against a claim written now, so the index forgets
 * it (and does not take it when read late): the table holds about a day of claims, not every claim ever read.
 */
public final class ClaimIndex implements IndexedTopic {

    /** The table of the index store this index lives in. */
    public static final String TABLE = "event-claims";
    /** How long a claim holds its eventId: ten times the longest a claimed write can take to commit or abort. */
    public static final long LIFETIME_MS = 5L * 60 * 1000;
    /**
     * When a claim is forgotten: a claim written now comes more than {@link #LIFETIME_MS} after it even if the broker's
     * clock is up to 23 hours behind this instance's, so it would replace it anyway.
     */
    public static final long FORGET_AFTER_MS = 24L * 3600 * 1000;
    /** Forgotten claims removed per commit at most: a backlog is worked off over the next commits. */
    static final int FORGET_PER_COMMIT = 10_000;
    private static final long FORGET_EVERY_MS = 60_000;
    /** Keys of the held claims: this prefix and the eventId's key; value: hash (16 bytes) and broker timestamp. */
    private static final byte HELD = 'h';
    /** Keys in time order, to find the claims to forget: this prefix, the timestamp (8 bytes), the eventId's key. */
    private static final byte BY_TIME = 't';

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
    private final Clock clock;
    // read by the tail thread since the last commit, in log order per eventId; applied at the commit with one lookup
    private final Map<ByteBuffer, List<Claim>> pending = new LinkedHashMap<>();
    private long nextForget;

    public ClaimIndex(IndexStore store, Clock clock) {
        this.table = store.table(TABLE);
        this.clock = clock;
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

    /** The format of a claims record: this byte, then per eventId its key's length (1 byte), its key, 16 bytes of hash. */
    private static final byte FORMAT = 1;

    /**
     * One record of claims, for eventIds of one partition: each id's {@link ReceiptIndex#key} and the first 128 bits of
     * the hash (hex) of its content as stored. Raw bytes: nothing but the ids and hashes is written.
     */
    public static byte[] record(Map<String, String> storedContentHashes) {
        List<byte[]> keys = new ArrayList<>(storedContentHashes.size());
        int size = 1;
        for (String id : storedContentHashes.keySet()) {
            byte[] k = ReceiptIndex.key(id);
            if (k.length > 255) {
                throw new IllegalArgumentException("eventId too long to claim: " + k.length + " bytes");
            }
            keys.add(k);
            size += 1 + k.length + 16;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT);
        int i = 0;
        for (String hash : storedContentHashes.values()) {
            byte[] k = keys.get(i++);
            b.put((byte) k.length).put(k).putLong(Long.parseUnsignedLong(hash, 0, 16, 16))
                    .putLong(Long.parseUnsignedLong(hash, 16, 32, 16));
        }
        return b.array();
    }

    /** The claim held for each eventId, as of the tail's last commit; absent ids are not in the map. */
    Map<String, Claim> held(Collection<String> eventIds) {
        List<String> ids = new ArrayList<>(eventIds);
        List<byte[]> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(heldKey(ReceiptIndex.key(id))));
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

    /** Entries of the table (held claims and their time keys), for checking that it stays bounded. */
    long entries() {
        return table.keys(new byte[] {HELD}, new byte[] {HELD + 1}, Integer.MAX_VALUE).size()
                + table.keys(new byte[] {BY_TIME}, new byte[] {BY_TIME + 1}, Integer.MAX_VALUE).size();
    }

    /**
     * Applies a record of claims read by the tail, in its order; written at the next commit. Claims already too old to
     * hold anything, and records of another format, are skipped.
     */
    @Override
    public void apply(ConsumerRecord<String, byte[]> record, WriteBatch batch) {
        byte[] v = record.value();
        if (v == null || v.length == 0 || v[0] != FORMAT || record.timestamp() < clock.millis() - FORGET_AFTER_MS) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        while (b.remaining() > 0) {
            int length = Byte.toUnsignedInt(b.get());
            if (b.remaining() < length + 16) {
                return; // truncated: not written by ingest
            }
            byte[] key = new byte[length];
            b.get(key);
            pending.computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>(1))
                    .add(new Claim(b.getLong(), b.getLong(), record.timestamp()));
        }
    }

    /**
     * Forgets claims past {@link #FORGET_AFTER_MS}, then keeps the first claim of each eventId read since the last
     * commit, unless a later one comes after its lifetime; a claim read again changes nothing.
     */
    @Override
    public void checkpoint(WriteBatch batch) {
        forget(batch);
        if (pending.isEmpty()) {
            return;
        }
        List<byte[]> ids = new ArrayList<>(pending.size());
        List<byte[]> keys = new ArrayList<>(pending.size());
        pending.keySet().forEach(k -> {
            ids.add(k.array());
            keys.add(heldKey(k.array()));
        });
        // read before this batch: what forget() removed in it is still seen here, and replaced below if need be
        List<byte[]> stored = table.getAll(keys);
        int i = 0;
        for (List<Claim> claims : pending.values()) {
            byte[] id = ids.get(i);
            byte[] key = keys.get(i);
            Claim held = decode(stored.get(i++));
            Claim before = held;
            for (Claim c : claims) {
                if (held == null || held.replacedBy(c)) {
                    held = c;
                }
            }
            if (held != before) {
                if (before != null) {
                    table.delete(batch, timeKey(before.timestamp(), id));
                }
                table.put(batch, key, ByteBuffer.allocate(24).putLong(held.hash0()).putLong(held.hash1())
                        .putLong(held.timestamp()).array());
                table.put(batch, timeKey(held.timestamp(), id), new byte[0]);
            }
        }
        pending.clear();
    }

    /** Removes up to {@link #FORGET_PER_COMMIT} held claims older than {@link #FORGET_AFTER_MS}, oldest first. */
    private void forget(WriteBatch batch) {
        long now = clock.millis();
        if (now < nextForget) {
            return;
        }
        byte[] from = {BY_TIME};
        byte[] to = ByteBuffer.allocate(9).put(BY_TIME).putLong(Math.max(0, now - FORGET_AFTER_MS)).array();
        List<byte[]> old = table.keys(from, to, FORGET_PER_COMMIT);
        for (byte[] k : old) {
            table.delete(batch, k);
            table.delete(batch, heldKey(Arrays.copyOfRange(k, 9, k.length)));
        }
        nextForget = old.size() < FORGET_PER_COMMIT ? now + FORGET_EVERY_MS : now;
    }

    @Override
    public void reset() {
        pending.clear();
        nextForget = 0;
    }

    private static byte[] heldKey(byte[] id) {
        return ByteBuffer.allocate(1 + id.length).put(HELD).put(id).array();
    }

    private static byte[] timeKey(long timestamp, byte[] id) {
        return ByteBuffer.allocate(9 + id.length).put(BY_TIME).putLong(Math.max(0, timestamp)).put(id).array();
    }

    private static Claim decode(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return new Claim(b.getLong(), b.getLong(), b.getLong());
    }
}
