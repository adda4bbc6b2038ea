package org.together.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.OneTableStore;
import org.together.reference.EventReceipt;

class ReceiptIndexTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    enum Verdict { NEW, DUPLICATE, CONFLICT }

    @RegisterExtension
    final OneTableStore onDisk = new OneTableStore(ReceiptIndex.TABLE);

    /** An index whose receipts without a header decode as the values the tests write: the receipt itself. */
    private ReceiptIndex newIndex() {
        return new ReceiptIndex(onDisk.store(), bytes -> RECEIPTS.get(new String(bytes, StandardCharsets.UTF_8)));
    }

    private static final java.util.Map<String, EventReceipt> RECEIPTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Applies a record of the receipts topic as the tail does, and commits it. */
    @Test
    void packsALowercaseUuidIntoItsSixteenBytesAndKeepsAnyOtherIdAsSent() {
        // indexes on disk hold keys made this way: the bytes must never change
        for (int i = 0; i < 1_000; i++) {
            java.util.UUID uuid = java.util.UUID.randomUUID();
            byte[] expected = java.nio.ByteBuffer.allocate(17).put((byte) 0).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            assertThat(ReceiptIndex.key(uuid.toString())).as(uuid.toString()).isEqualTo(expected);
        }
        for (String other : List.of("0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-469f-a165-70867728950g",
                "0f8fad5bd9cb-469f-a165-70867728950e-", "0f8fad5b-d9cb-469f-a165-70867728950", "import-42")) {
            byte[] utf8 = other.getBytes(StandardCharsets.UTF_8);
            byte[] expected = java.nio.ByteBuffer.allocate(1 + utf8.length).put((byte) 1).put(utf8).array();
            assertThat(ReceiptIndex.key(other)).as(other).isEqualTo(expected);
        }
    }

    private void apply(ReceiptIndex index, String eventId, EventReceipt receipt, Header... headers) {
        byte[] value = null;
        if (receipt != null) {
            String ref = java.util.UUID.randomUUID().toString();
            RECEIPTS.put(ref, receipt);
            value = ref.getBytes(StandardCharsets.UTF_8);
        }
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("together.event-receipts", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, eventId, value, new RecordHeaders(headers), Optional.empty());
        try (WriteBatch batch = new WriteBatch()) {
            index.apply(r, batch);
            onDisk.store().write(batch);
        }
    }

    private static Verdict judge(ReceiptIndex index, String eventId, String hash) {
        ReceiptIndex.Receipt r = index.get(eventId);
        return r == null ? Verdict.NEW : r.matches(hash) ? Verdict.DUPLICATE : Verdict.CONFLICT;
    }

    /** The hashes of an event that names no participant: its content without one is its content. */
    private static ReceiptIndex.Written written(String hash) {
        return new ReceiptIndex.Written(hash, hash);
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void anUnknownIdIsNewTheSameContentADuplicateOtherContentAConflict() {
        ReceiptIndex index = newIndex();
        assertThat(judge(index, "e1", HASH_A)).isEqualTo(Verdict.NEW);

        apply(index, "e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now(), true));

        assertThat(judge(index, "e1", HASH_A)).isEqualTo(Verdict.DUPLICATE);
        assertThat(judge(index, "e1", HASH_B)).isEqualTo(Verdict.CONFLICT);
        assertThat(index.get("e1").pseudonymised()).isTrue();
        apply(index, "e1", null);
        assertThat(judge(index, "e1", HASH_A)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aReceiptReadFromItsRawHeaderHashIsJudgedLikeOneRecordedFromItsHexValue() {
        ReceiptIndex index = newIndex();
        apply(index, "e1", new EventReceipt("e1", "t", HASH_B, "together.tool-used", Instant.now(), true),
                new RecordHeader(ReceiptIndex.HASH_HEADER, HexFormat.of().parseHex(HASH_A)));
        index.record(java.util.Map.of("6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", written(HASH_B)));

        // the header wins: the value is not decoded at all
        assertThat(judge(index, "e1", HASH_A)).isEqualTo(Verdict.DUPLICATE);
        assertThat(judge(index, "e1", HASH_B)).isEqualTo(Verdict.CONFLICT);
        assertThat(judge(index, "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", HASH_B)).isEqualTo(Verdict.DUPLICATE);
        assertThat(judge(index, "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", HASH_A)).isEqualTo(Verdict.CONFLICT);
        assertThat(judge(index, "e2", HASH_A)).isEqualTo(Verdict.NEW);
    }

    @Test
    void receiptsWrittenBeforePseudonymsAreKeptAsHashesOfTheContentAsSentAndCounted() {
        ReceiptIndex index = newIndex();
        apply(index, "e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now(), false));
        apply(index, "e2", new EventReceipt("e2", "t", HASH_A, "together.tool-used", Instant.now(), true),
                new RecordHeader(ReceiptIndex.SENT_HASH_HEADER, HexFormat.of().parseHex(HASH_B)));
        apply(index, "e3", new EventReceipt("e3", "t", HASH_A, "together.tool-used", Instant.now(), true));

        assertThat(index.get("e1").pseudonymised()).isFalse();
        assertThat(index.get("e1").matches(HASH_A)).isTrue();
        assertThat(index.get("e2").pseudonymised()).isFalse();
        assertThat(index.get("e2").matches(HASH_B)).isTrue();
        assertThat(index.get("e3").pseudonymised()).isTrue();
        assertThat(index.readAsSent()).isEqualTo(2);
    }

    @Test
    void theCountOfReceiptsAsSentIsKeptWithTheIndex() {
        ReceiptIndex index = newIndex();
        apply(index, "e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now(), false));
        try (WriteBatch batch = new WriteBatch()) {
            index.checkpoint(batch);
            onDisk.store().write(batch);
        }

        assertThat(newIndex().readAsSent()).isEqualTo(1);
    }

    @Test
    void aSecondRequestForTheSameIdWaitsUntilTheFirstReleasesIt() throws Exception {
        ReceiptIndex index = newIndex();
        ReceiptIndex.Reservation first = index.reserve(List.of("e1", "e2"), in(Duration.ofSeconds(5)));

        CompletableFuture<ReceiptIndex.Reservation> second = CompletableFuture.supplyAsync(() -> {
            try {
                return index.reserve(List.of("e2", "e3"), in(Duration.ofSeconds(5)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(second).isNotDone();

        index.record(java.util.Map.of("e2", written(HASH_A)));
        first.release();

        ReceiptIndex.Reservation got = second.get(5, TimeUnit.SECONDS);
        assertThat(judge(index, "e2", HASH_A)).isEqualTo(Verdict.DUPLICATE);
        got.release();
    }

    @Test
    void waitingForAnIdHeldTooLongTimesOutWithoutHoldingOthers() throws Exception {
        ReceiptIndex index = newIndex();
        ReceiptIndex.Reservation held = index.reserve(List.of("e2"), in(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> index.reserve(List.of("e1", "e2"), in(Duration.ofMillis(200))))
                .isInstanceOf(TimeoutException.class);

        // e1 was let go when the wait began: another request can take it at once
        ReceiptIndex.Reservation other = index.reserve(List.of("e1"), in(Duration.ofMillis(100)));
        other.release();
        held.release();
    }

    @Test
    void uuidIdsAreJudgedLikeAnyOtherAndAnIdMatchesOnlyItselfWhateverItsCase() {
        ReceiptIndex index = newIndex();
        String lower = "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a";
        String upper = lower.toUpperCase(java.util.Locale.ROOT);

        apply(index, lower, new EventReceipt(lower, "t", HASH_A, "together.tool-used", Instant.now(), true));
        index.record(java.util.Map.of(upper, written(HASH_B)));

        assertThat(judge(index, lower, HASH_A)).isEqualTo(Verdict.DUPLICATE);
        assertThat(judge(index, lower, HASH_B)).isEqualTo(Verdict.CONFLICT);
        assertThat(judge(index, upper, HASH_B)).isEqualTo(Verdict.DUPLICATE);
        assertThat(judge(index, upper, HASH_A)).isEqualTo(Verdict.CONFLICT);
        assertThat(judge(index, "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2b", HASH_A)).isEqualTo(Verdict.NEW);
        assertThat(index.size()).isBetween(1L, 2L); // RocksDB's estimate

        apply(index, lower, null);
        assertThat(judge(index, lower, HASH_A)).isEqualTo(Verdict.NEW);
        assertThat(judge(index, upper, HASH_B)).isEqualTo(Verdict.DUPLICATE);
        
    }

    @Test
    void aContentDifferingAnywhereInTheComparedHashIsAConflict() {
        ReceiptIndex index = newIndex();
        String id = "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a";
        String hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        index.record(java.util.Map.of(id, written(hash)));
        for (int i = 0; i < 32; i++) {
            char[] other = hash.toCharArray();
            other[i] = other[i] == '0' ? '1' : '0';
            assertThat(judge(index, id, new String(other))).as("hex digit %d changed", i).isEqualTo(Verdict.CONFLICT);
        }
        assertThat(judge(index, id, hash.toUpperCase(java.util.Locale.ROOT))).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void aReceiptWithTheHashWithoutParticipantKeepsItWhetherReadFromTheTopicRecordedOrReadAfterAReopen() {
        ReceiptIndex index = newIndex();
        apply(index, "e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now(), true),
                new RecordHeader(ReceiptIndex.HASH_HEADER, HexFormat.of().parseHex(HASH_A)),
                new RecordHeader(ReceiptIndex.WITHOUT_PARTICIPANT_HASH_HEADER, HexFormat.of().parseHex(HASH_B)));
        index.record(java.util.Map.of("e2", new ReceiptIndex.Written(HASH_B, HASH_A)));

        byte[] raw = onDisk.store().table(ReceiptIndex.TABLE).get(ReceiptIndex.key("e2"));
        assertThat(java.util.Arrays.copyOf(raw, 17)).as("what a release from before reads: its one hash, then 8 bytes it skips")
                .isEqualTo(java.nio.ByteBuffer.allocate(17).put((byte) 1).put(HexFormat.of().parseHex(HASH_B), 0, 16).array());
        assertThat(raw).hasSize(25);
        List<ReceiptIndex.Receipt> before = List.of(index.get("e1"), index.get("e2"));
        onDisk.reopen(); // what an instance restarted on the same data dir reads
        ReceiptIndex reopened = newIndex();
        assertThat(List.of(reopened.get("e1"), reopened.get("e2"))).isEqualTo(before);
        assertThat(reopened.get("e1").matches(HASH_A)).isTrue();
        assertThat(reopened.get("e1").pseudonymised()).isTrue();
        assertThat(reopened.get("e1").matchesWithoutParticipant(HASH_B)).contains(true);
        assertThat(reopened.get("e1").matchesWithoutParticipant(HASH_A)).contains(false);
        assertThat(reopened.get("e2").matches(HASH_B)).isTrue();
        assertThat(reopened.get("e2").matchesWithoutParticipant(HASH_A)).contains(true);
        assertThat(reopened.get("e2").matchesWithoutParticipant(HASH_B)).contains(false);
    }

    @Test
    void aReceiptWrittenBeforeTheHashWithoutParticipantSaysItCannotTell() {
        ReceiptIndex index = newIndex();
        apply(index, "e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now(), true),
                new RecordHeader(ReceiptIndex.HASH_HEADER, HexFormat.of().parseHex(HASH_A)));
        apply(index, "e2", new EventReceipt("e2", "t", HASH_A, "together.tool-used", Instant.now(), true));

        assertThat(index.get("e1").matches(HASH_A)).isTrue();
        assertThat(index.get("e1").matchesWithoutParticipant(HASH_B)).isEmpty();
        assertThat(index.get("e2").matches(HASH_A)).isTrue();
        assertThat(index.get("e2").matchesWithoutParticipant(HASH_B)).isEmpty();
    }
}
