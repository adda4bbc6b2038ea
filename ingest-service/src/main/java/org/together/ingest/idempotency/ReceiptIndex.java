package org.together.ingest.idempotency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
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
 * Every eventId ever accepted and the hash of its content, from the compacted receipts topic (tailed by every
 * instance) plus this instance's own commits. It decides whether an event is new, a duplicate or a conflict.
 *
 * <p>Within one instance, requests carrying the same eventId are serialized by reservations, so a
 * concurrent resend waits for the first write to finish instead of writing the event twice.
 */
public final class ReceiptIndex {

    /**
     * Header on each receipt this service writes: the raw 32-byte content hash, the same as in the value. A reader
     * whose index already holds exactly that hash for the key can skip decoding the value: applying it would
     * change nothing (every instance reads back the receipts it has just recorded at commit).
     */
    public static final String HASH_HEADER = "together-content-sha256";

    /** What an event is, given what was accepted before. */
    public enum Verdict { NEW, DUPLICATE, CONFLICT }

    // 32-byte hashes rather than hex strings: this map holds one entry per event ever accepted
    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** Applies a record of the receipts topic (null: tombstone). */
    public void apply(String eventId, EventReceipt receipt) {
        if (receipt == null) {
            hashes.remove(eventId);
        } else {
            record(eventId, receipt.getContentHash());
        }
    }

    /** Records an accepted event once its transaction committed. */
    public void record(String eventId, String contentHash) {
        hashes.put(eventId, HexFormat.of().parseHex(contentHash));
    }

    /** True when the index already holds exactly this raw content hash for the event (a receipt would change nothing). */
    public boolean holds(String eventId, byte[] contentHash) {
        byte[] known = hashes.get(eventId);
        return known != null && Arrays.equals(known, contentHash);
    }

    public Verdict judge(String eventId, String contentHash) {
        byte[] known = hashes.get(eventId);
        if (known == null) {
            return Verdict.NEW;
        }
        return Arrays.equals(known, HexFormat.of().parseHex(contentHash)) ? Verdict.DUPLICATE : Verdict.CONFLICT;
    }

    public int size() {
        return hashes.size();
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
