package org.together.ingest.pseudonyms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.IndexStore;
import org.together.ingest.index.IndexedTopic;
import org.together.schemas.Topics;
import org.together.reference.PseudonymClaim;

/**
 * The vault as this instance has read it, off the heap in the local {@link IndexStore}: for each participant's keyed
 * hash, its claims in the order of the log. A claim is live from its record until its tombstone; the participant's
 * pseudonym is its earliest live claim. So two instances that claim the same new participant at once end with the
 * same pseudonym, the one the partition's order put first; an erasure tombstones every claim, and a participant seen
 * again afterwards gets a new one.
 *
 * <p>The state is the set of live claims in log order, which compaction does not change: it removes a claim only
 * with (or after) its tombstone, and never reorders what it keeps. A reader of the compacted vault, or one resuming
 * from any position (a claim or tombstone read twice changes nothing), finds every participant's pseudonym where the
 * others do.
 */
public final class PseudonymIndex implements IndexedTopic {

    /** The table of the index store this index lives in. */
    public static final String TABLE = "pseudonyms";
    private static final byte[] KEY_CHECK = "key-check".getBytes(StandardCharsets.US_ASCII);
    static final String KEY_CHECK_PREFIX = "key-check.";

    /** One live claim of a participant as read from the vault. */
    public record Claim(byte[] id, long offset, String pseudonym) {
    }

    /**
     * How old the index's last reading may be to resume from it: well within the vault's delete.retention.ms, after
     * which compaction may remove a tombstone (and the claim it ends) that an index resuming later would never read.
     */
    static final long MAX_RESUME_AGE_MS = 3_600_000L;

    private final IndexStore.Table table;
    private final Function<byte[], PseudonymClaim> decode;
    private final Executor compactions;
    // the tail thread's reading since the last commit, in log order per participant: read by the tail thread only, and
    // applied to what the table holds at the commit, with one lookup for all of them (a lookup per record made
    // rebuilding the index several times slower)
    private final Map<ByteBuffer, List<Change>> pending = new LinkedHashMap<>();
    private final List<byte[]> gone = new ArrayList<>();
    private String pendingKeyCheck;

    /** A claim read (pseudonym) or its tombstone (null pseudonym). */
    private record Change(byte[] claim, long offset, String pseudonym) {
    }

    /**
     * @param decode a claim's decoder (null when it cannot be decoded)
     * @param compactions where the files that held an erased participant are rewritten, off the tail's thread
     */
    public PseudonymIndex(IndexStore store, Function<byte[], PseudonymClaim> decode, Executor compactions) {
        this.table = store.table(TABLE);
        this.decode = decode;
        this.compactions = compactions;
    }

    @Override
    public String topic() {
        return Topics.PSEUDONYMS.name();
    }

    @Override
    public int partitions() {
        return Topics.PSEUDONYMS.partitions();
    }

    @Override
    public IndexStore.Table table() {
        return table;
    }

    @Override
    public long maxResumeAgeMs() {
        return MAX_RESUME_AGE_MS;
    }

    /** The participant's pseudonym as of the last commit of the tail, if it has one. */
    public Optional<String> pseudonym(byte[] participant) {
        return winner(claimsOf(table.get(participant)));
    }

    /** The pseudonyms of several participants in one lookup (absent where none), in their order. */
    public List<Optional<String>> pseudonyms(List<byte[]> participants) {
        List<byte[]> values = table.getAll(participants);
        List<Optional<String>> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(winner(claimsOf(v))));
        return out;
    }

    /** Every live claim of the participant, in log order: what an erasure tombstones. */
    public List<Claim> claims(byte[] participant) {
        return claimsOf(table.get(participant));
    }

    /** The first key check written to the vault, if any. */
    public Optional<String> keyCheck() {
        byte[] v = table.get(KEY_CHECK);
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.US_ASCII));
    }

    private static Optional<String> winner(List<Claim> claims) {
        return claims.isEmpty() ? Optional.empty() : Optional.of(claims.get(0).pseudonym());
    }

    /** Applies a record of the vault topic, read by the tail in log order; written at the next commit. */
    @Override
    public void apply(ConsumerRecord<String, byte[]> record, WriteBatch batch) {
        if (record.key() != null && record.key().startsWith(KEY_CHECK_PREFIX)) {
            if (pendingKeyCheck == null && table.get(KEY_CHECK) == null) {
                pendingKeyCheck = record.key().substring(KEY_CHECK_PREFIX.length());
            }
            return;
        }
        Optional<ClaimKey> key = ClaimKey.parse(record.key());
        if (key.isEmpty()) {
            return; // a tick, or anything else that is not a claim
        }
        String pseudonym = null;
        if (record.value() != null) {
            PseudonymClaim claim = decode.apply(record.value());
            if (claim == null) {
                return;
            }
            pseudonym = claim.getPseudonym();
        }
        pending.computeIfAbsent(ByteBuffer.wrap(key.get().participant()), p -> new ArrayList<>(1))
                .add(new Change(key.get().claim(), record.offset(), pseudonym));
    }

    private static int indexOf(List<Claim> claims, byte[] id) {
        for (int i = 0; i < claims.size(); i++) {
            if (Arrays.equals(claims.get(i).id(), id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies what was read since the last commit to what the table holds: a claim is live from its record until its
     * tombstone, and kept in log order (a claim read again after a resume is already held).
     */
    @Override
    public void checkpoint(WriteBatch batch) {
        List<byte[]> participants = new ArrayList<>(pending.size());
        pending.keySet().forEach(p -> participants.add(p.array()));
        List<byte[]> stored = table.getAll(participants);
        int i = 0;
        for (List<Change> changes : pending.values()) {
            byte[] participant = participants.get(i);
            List<Claim> claims = new ArrayList<>(claimsOf(stored.get(i++)));
            boolean erased = false;
            for (Change c : changes) {
                int held = indexOf(claims, c.claim());
                if (c.pseudonym() == null && held >= 0) {
                    claims.remove(held);
                    erased = true;
                } else if (c.pseudonym() != null && held < 0) {
                    claims.add(new Claim(c.claim(), c.offset(), c.pseudonym()));
                }
            }
            if (!claims.isEmpty()) {
                table.put(batch, participant, bytesOf(claims));
            } else if (erased) {
                table.delete(batch, participant);
            }
            if (erased) {
                gone.add(participant); // its erased claims are still in the files until they are rewritten
            }
        }
        if (pendingKeyCheck != null) {
            table.put(batch, KEY_CHECK, pendingKeyCheck.getBytes(StandardCharsets.US_ASCII));
        }
        pending.clear();
        pendingKeyCheck = null;
    }

    /** An erased participant's entry left the table: the files that still hold its bytes are rewritten now. */
    @Override
    public void committed() {
        if (gone.isEmpty()) {
            return;
        }
        byte[] from = gone.stream().min(Arrays::compareUnsigned).orElseThrow();
        byte[] to = gone.stream().max(Arrays::compareUnsigned).orElseThrow();
        gone.clear();
        byte[] after = Arrays.copyOf(to, to.length + 1); // the next key after the last one
        compactions.execute(() -> table.compact(from, after));
    }

    @Override
    public void reset() {
        pending.clear();
        gone.clear();
        pendingKeyCheck = null;
    }

    // [claims] then per claim: [id 16][offset 8][pseudonym length 1][pseudonym]
    static byte[] bytesOf(List<Claim> claims) {
        int size = 1;
        for (Claim c : claims) {
            size += 16 + 8 + 1 + c.pseudonym().length();
        }
        ByteBuffer b = ByteBuffer.allocate(size).put((byte) claims.size());
        for (Claim c : claims) {
            byte[] pseudonym = c.pseudonym().getBytes(StandardCharsets.US_ASCII);
            b.put(c.id()).putLong(c.offset()).put((byte) pseudonym.length).put(pseudonym);
        }
        return b.array();
    }

    static List<Claim> claimsOf(byte[] value) {
        if (value == null) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        int n = b.get() & 0xFF;
        List<Claim> claims = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[16];
            b.get(id);
            long offset = b.getLong();
            byte[] pseudonym = new byte[b.get() & 0xFF];
            b.get(pseudonym);
            claims.add(new Claim(id, offset, new String(pseudonym, StandardCharsets.US_ASCII)));
        }
        return claims;
    }
}
