package org.together.ingest.idempotency;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.together.reference.EventReceipt;

/**
 * Every eventId ever accepted and the first 128 bits of the SHA-256 of its content, from the compacted receipts
 * topic (tailed by every instance) plus this instance's own commits. It decides whether an event is new, a
 * duplicate or a conflict.
 *
 * <p>Within one instance, requests carrying the same eventId are serialized by reservations, so a
 * concurrent resend waits for the first write to finish instead of writing the event twice.
 */
public final class ReceiptIndex {

    /**
     * Header on each receipt this service writes: the raw 32-byte content hash, the same as in the value, so a
     * reader records the receipt without decoding its value (every instance reads back every receipt, its own too).
     */
    public static final String HASH_HEADER = "together-content-sha256";
    /** Length of the raw hash in {@link #HASH_HEADER}. */
    public static final int HASH_BYTES = 32;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** What an event is, given what was accepted before. */
    public enum Verdict { NEW, DUPLICATE, CONFLICT }

    // One entry per event ever accepted: ids in canonical form are packed (about 70 bytes an entry, not 170).
    private final PackedReceipts packed = new PackedReceipts();
    // Other ids (the validator accepts uppercase hex) are kept exactly as sent, so an id matches only itself.
    private final Map<String, long[]> others = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** Applies a record of the receipts topic (null: tombstone). */
    public void apply(String eventId, EventReceipt receipt) {
        if (receipt == null) {
            if (PackedReceipts.packable(eventId)) {
                packed.remove(PackedReceipts.high(eventId), PackedReceipts.low(eventId));
            } else {
                others.remove(eventId);
            }
        } else {
            record(eventId, receipt.getContentHash());
        }
    }

    /** Records an accepted event once its transaction committed. */
    public void record(String eventId, String contentHash) {
        put(eventId, hexLong(contentHash, 0), hexLong(contentHash, 16));
    }

    /** Records an accepted event from the raw hash of its receipt's header (what the value holds, not decoded). */
    public void record(String eventId, byte[] contentHash) {
        put(eventId, (long) LONGS.get(contentHash, 0), (long) LONGS.get(contentHash, 8));
    }

    private void put(String eventId, long hash0, long hash1) {
        if (PackedReceipts.packable(eventId)) {
            packed.put(PackedReceipts.high(eventId), PackedReceipts.low(eventId), hash0, hash1);
        } else {
            others.put(eventId, new long[] {hash0, hash1});
        }
    }

    public Verdict judge(String eventId, String contentHash) {
        return switch (match(eventId, hexLong(contentHash, 0), hexLong(contentHash, 16))) {
            case ABSENT -> Verdict.NEW;
            case SAME -> Verdict.DUPLICATE;
            case DIFFERENT -> Verdict.CONFLICT;
        };
    }

    public long size() {
        return packed.size() + others.size();
    }

    // The first 128 bits of the SHA-256 are compared: a different content with the same 128 bits is out of reach.
    private PackedReceipts.Match match(String eventId, long hash0, long hash1) {
        if (PackedReceipts.packable(eventId)) {
            return packed.match(PackedReceipts.high(eventId), PackedReceipts.low(eventId), hash0, hash1);
        }
        long[] known = others.get(eventId);
        if (known == null) {
            return PackedReceipts.Match.ABSENT;
        }
        return known[0] == hash0 && known[1] == hash1 ? PackedReceipts.Match.SAME : PackedReceipts.Match.DIFFERENT;
    }

    private static long hexLong(String hex, int from) {
        return Long.parseUnsignedLong(hex, from, from + 16, 16);
    }

    /**
     * Reserves the event ids for one request. When another request of this instance holds one of them, lets go
     * of everything and waits for that request to finish before trying again (never holds while waiting, so two
     * requests cannot wait on each other).
     *
     * @throws TimeoutException when the ids could not be reserved before the deadline
     */
    public Reservation reserve(Collection<String> eventIds, long deadlineNanos) throws TimeoutException, InterruptedException {
        List<String> ids = new ArrayList<>(new TreeSet<>(eventIds));
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            List<String> held = new ArrayList<>(ids.size());
            CompletableFuture<Void> blocker = null;
            for (String id : ids) {
                CompletableFuture<Void> other = inFlight.putIfAbsent(id, mine);
                if (other != null) {
                    blocker = other;
                    break;
                }
                held.add(id);
            }
            if (blocker == null) {
                return new Reservation(held, mine);
            }
            new Reservation(held, mine).release();
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutException("another request with the same eventId is still being written");
            }
            try {
                blocker.get(remaining, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // the other request's outcome does not matter: we judge again against the index
            }
        }
    }

    /** Event ids held by one request until its write is over. */
    public final class Reservation {
        private final List<String> ids;
        private final CompletableFuture<Void> done;

        private Reservation(List<String> ids, CompletableFuture<Void> done) {
            this.ids = ids;
            this.done = done;
        }

        public void release() {
            ids.forEach(id -> inFlight.remove(id, done));
            done.complete(null);
        }
    }
}
