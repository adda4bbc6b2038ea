package org.together.ingest.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.IndexStore;
import org.together.ingest.index.IndexedTopic;
import org.together.schemas.Topics;
import org.together.reference.EventReceipt;

/**
 * Every eventId ever accepted, the first 128 bits of its content hash and the first 64 of the hash of its content
 * without the participant (25 bytes a receipt), from the compacted receipts topic (tailed by every instance) plus
 * this instance's own commits, kept off the heap in the local {@link IndexStore}: what tells a new event from a
 * duplicate or a conflict, one lookup per event whatever the history.
 *
 * <p>Within one instance, requests carrying the same eventId are serialized by reservations, so a concurrent resend
 * waits for the first write to finish instead of writing the event twice.
 */
public final class ReceiptIndex implements IndexedTopic {

    /**
     * Header on each receipt this service writes: the raw 32-byte hash of the content as stored (the participant's
     * pseudonym in place of its id), the same as in the value, so a reader records the receipt without decoding it.
     */
    public static final String HASH_HEADER = "together-stored-content-sha256";
    /**
     * Header on each receipt written since review 18: the raw 32-byte hash of the content as stored without the
     * participant (no id, no pseudonym), what still tells a duplicate from a conflict once the participant has no
     * pseudonym (erased, or never seen). It holds nothing that links the receipt to the participant.
     */
    public static final String WITHOUT_PARTICIPANT_HASH_HEADER = "together-content-without-participant-sha256";
    /** The header of receipts written before pseudonyms: the hash of the content as sent. */
    public static final String SENT_HASH_HEADER = "together-content-sha256";
    /** Length of the raw hash in the headers. */
    public static final int HASH_BYTES = 32;
    /** The table of the index store this index lives in. */
    public static final String TABLE = "receipts";

    private static final HexFormat HEX = HexFormat.of();
    private static final byte PACKED = 0;
    private static final byte AS_SENT = 1;
    // the first byte of a value: which content its hash is of; 8 more bytes when the hash without participant follows
    // (told by the length, so a release from before it still reads such a value right)
    private static final byte HASH_OF_CONTENT_AS_SENT = 0;
    private static final byte HASH_OF_CONTENT_AS_STORED = 1;
    private static final int ONE_HASH = 17;
    private static final int BOTH_HASHES = 25;

    /**
     * What the index holds for an eventId: which content hash, of the content as stored or as sent, and for receipts
     * written since review 18 the hash of the content without the participant (empty for older ones).
     */
    public record Receipt(boolean pseudonymised, long hash0, long hash1, OptionalLong withoutParticipant) {

        /** True when the hex SHA-256 starts with the 128 bits held (a different content with the same is out of reach). */
        public boolean matches(String hexHash) {
            return hash0 == Long.parseUnsignedLong(hexHash, 0, 16, 16) && hash1 == Long.parseUnsignedLong(hexHash, 16, 32, 16);
        }

        /**
         * Whether the hex SHA-256 of the content without the participant starts with the 64 bits held; empty for a
         * receipt written before that hash.
         */
        public Optional<Boolean> matchesWithoutParticipant(String hexHash) {
            return withoutParticipant.isPresent()
                    ? Optional.of(withoutParticipant.getAsLong() == Long.parseUnsignedLong(hexHash, 0, 16, 16))
                    : Optional.empty();
        }
    }

    /** The hex hashes of an event just committed: its content as stored, and without its participant. */
    public record Written(String storedContentHash, String withoutParticipantHash) {
    }

    private static final String AS_SENT_COUNT = "receipts-of-content-as-sent";

    private final IndexStore store;
    private final IndexStore.Table table;
    private final Function<byte[], EventReceipt> decode;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong readAsSent = new AtomicLong();

    /** @param decode a receipt value's decoder, for receipts without a hash header (null when it cannot be decoded) */
    public ReceiptIndex(IndexStore store, Function<byte[], EventReceipt> decode) {
        this.store = store;
        this.table = store.table(TABLE);
        this.decode = decode;
        readAsSent.set(store.meta(AS_SENT_COUNT).map(Long::parseLong).orElse(0L));
    }

    @Override
    public String topic() {
        return Topics.EVENT_RECEIPTS.name();
    }

    @Override
    public int partitions() {
        return Topics.EVENT_RECEIPTS.partitions();
    }

    @Override
    public IndexStore.Table table() {
        return table;
    }

    @Override
    public long maxResumeAgeMs() {
        return 0; // receipts are never tombstoned
    }

    /** The receipt of an eventId, or null when it was never accepted. */
    public Receipt get(String eventId) {
        return decode(table.get(key(eventId)));
    }

    /** The receipts of several eventIds in one lookup; absent ones are not in the map. */
    public Map<String, Receipt> getAll(Collection<String> eventIds) {
        List<String> ids = new ArrayList<>(eventIds);
        List<byte[]> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(key(id)));
        List<byte[]> values = table.getAll(keys);
        Map<String, Receipt> found = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Receipt r = decode(values.get(i));
            if (r != null) {
                found.put(ids.get(i), r);
            }
        }
        return found;
    }

    /**
     * Records events this instance has just seen committed, by eventId with their hashes, in one write: a resend
     * waiting on their reservation must find them even before the tail has read them back.
     */
    public void record(Map<String, Written> written) {
        try (WriteBatch batch = new WriteBatch()) {
            written.forEach((eventId, w) -> table.put(batch, key(eventId),
                    value(HEX.parseHex(w.storedContentHash()), HEX.parseHex(w.withoutParticipantHash()))));
            store.write(batch);
        }
    }

    /**
     * Applies a record of the receipts topic read by the tail. Receipts written by an ingest instance carry their raw
     * hash in a header: no need to decode the value.
     */
    @Override
    public void apply(ConsumerRecord<String, byte[]> record, WriteBatch pending) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            table.delete(pending, key(record.key()));
            return;
        }
        Header stored = record.headers().lastHeader(HASH_HEADER);
        Header sent = record.headers().lastHeader(SENT_HASH_HEADER);
        Header withoutParticipant = record.headers().lastHeader(WITHOUT_PARTICIPANT_HASH_HEADER);
        if (stored != null && isHash(stored) && withoutParticipant != null && isHash(withoutParticipant)) {
            table.put(pending, key(record.key()), value(stored.value(), withoutParticipant.value()));
        } else if (stored != null && isHash(stored)) {
            table.put(pending, key(record.key()), value(true, stored.value()));
        } else if (sent != null && isHash(sent)) {
            table.put(pending, key(record.key()), value(false, sent.value()));
            readAsSent.incrementAndGet();
        } else {
            EventReceipt receipt = decode.apply(record.value());
            if (receipt == null) {
                return;
            }
            table.put(pending, key(record.key()), value(receipt.getPseudonymised(), HEX.parseHex(receipt.getContentHash())));
            if (!receipt.getPseudonymised()) {
                readAsSent.incrementAndGet();
            }
        }
    }

    @Override
    public void checkpoint(WriteBatch batch) {
        store.putMeta(batch, AS_SENT_COUNT, String.valueOf(readAsSent.get()));
    }

    @Override
    public void reset() {
        readAsSent.set(0);
    }

    /** Receipts in the index that hash the content as sent: events accepted before pseudonyms. */
    public long readAsSent() {
        return readAsSent.get();
    }

    public long size() {
        return table.estimatedEntries();
    }

    /** A lowercase UUID packs into 16 bytes; anything else is kept as sent, so an id matches only itself. */
    static byte[] key(String eventId) {
        byte[] packed = packed(eventId);
        if (packed != null) {
            return packed;
        }
        byte[] utf8 = eventId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + utf8.length).put(AS_SENT).put(utf8).array();
    }

    private static boolean isHash(Header h) {
        return h.value() != null && h.value().length == HASH_BYTES;
    }

    /** A receipt with one hash (written before review 18, or as sent): 17 bytes. */
    private static byte[] value(boolean pseudonymised, byte[] hash) {
        return ByteBuffer.allocate(ONE_HASH).put(pseudonymised ? HASH_OF_CONTENT_AS_STORED : HASH_OF_CONTENT_AS_SENT)
                .put(hash, 0, 16).array();
    }

    /** A receipt with both hashes: 25 bytes. */
    private static byte[] value(byte[] stored, byte[] withoutParticipant) {
        return ByteBuffer.allocate(BOTH_HASHES).put(HASH_OF_CONTENT_AS_STORED).put(stored, 0, 16).put(withoutParticipant, 0, 8)
                .array();
    }

    private static Receipt decode(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        boolean stored = b.get() == HASH_OF_CONTENT_AS_STORED;
        long hash0 = b.getLong();
        long hash1 = b.getLong();
        return new Receipt(stored, hash0, hash1,
                value.length >= BOTH_HASHES ? OptionalLong.of(b.getLong()) : OptionalLong.empty());
    }

    /**
     * The packed key of a lowercase UUID (the only form packed: it maps back to exactly one string), or null: its 32
     * hexadecimal digits read in one pass, once per lookup and per receipt read back.
     */
    private static byte[] packed(String id) {
        if (id.length() != 36) {
            return null;
        }
        byte[] key = new byte[17];
        key[0] = PACKED;
        int at = 1;
        int half = 0; // the high nibble of the byte being read, plus 16 when there is one
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return null;
            }
            if (half == 0) {
                half = 16 | d;
            } else {
                key[at++] = (byte) (((half & 0xF) << 4) | d);
                half = 0;
            }
        }
        return key;
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
