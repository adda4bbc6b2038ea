package org.together.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.OneTableStore;

class ClaimIndexTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long START = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    @RegisterExtension
    final OneTableStore onDisk = new OneTableStore(ClaimIndex.TABLE);

    private long now = START;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };

    /** Reads claims as the tail does (broker timestamps) and commits them. */
    private void read(ClaimIndex index, long timestamp, String eventId, String hash) {
        read(index, timestamp, Map.of(eventId, hash));
    }

    private void read(ClaimIndex index, long timestamp, Map<String, String> claims) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("together.event-claims", 0, 0L, timestamp,
                TimestampType.LOG_APPEND_TIME, 0, 0, null, ClaimIndex.record(claims), new RecordHeaders(), Optional.empty());
        try (WriteBatch batch = new WriteBatch()) {
            index.apply(r, batch);
            index.checkpoint(batch);
            onDisk.store().write(batch);
        }
    }

    private static Optional<Boolean> matches(ClaimIndex index, String eventId, String hash) {
        Map<String, ClaimIndex.Claim> held = index.held(List.of(eventId));
        return Optional.ofNullable(held.get(eventId)).map(c -> c.matches(hash));
    }

    @Test
    void theFirstClaimOfAnIdHoldsItAgainstLaterOnesWithinItsLifetime() {
        ClaimIndex index = new ClaimIndex(onDisk.store(), clock);
        String id = UUID.randomUUID().toString();
        read(index, now, id, HASH_A);
        read(index, now + 1, id, HASH_B);
        assertThat(matches(index, id, HASH_A)).contains(true);
        assertThat(matches(index, id, HASH_B)).contains(false);

        now += ClaimIndex.LIFETIME_MS + 1;
        read(index, now, id, HASH_B);
        assertThat(matches(index, id, HASH_B)).as("a claim after the first one's lifetime takes the id").contains(true);
    }

    @Test
    void aRecordHoldsTheClaimsOfSeveralIdsEachDecidedOnItsOwn() {
        ClaimIndex index = new ClaimIndex(onDisk.store(), clock);
        String first = UUID.randomUUID().toString();
        String second = "IMPORT-" + UUID.randomUUID(); // kept as sent, not packed
        read(index, now, first, HASH_B);
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put(first, HASH_A);
        claims.put(second, HASH_A);
        read(index, now + 1, claims);
        assertThat(matches(index, first, HASH_B)).as("claimed before the record").contains(true);
        assertThat(matches(index, second, HASH_A)).contains(true);
    }

    @Test
    void claimsOlderThanADayAreForgottenSoTheTableStaysBounded() {
        ClaimIndex index = new ClaimIndex(onDisk.store(), clock);
        for (int day = 0; day < 20; day++) {
            for (int i = 0; i < 50; i++) {
                read(index, now, UUID.randomUUID().toString(), HASH_A);
            }
            now += DAY;
        }
        // one held claim and one time key per id, of the days read within FORGET_AFTER_MS: the newest and the one before it
        assertThat(index.entries()).isEqualTo(2L * 50 * (ClaimIndex.FORGET_AFTER_MS / DAY + 1));
    }

    @Test
    void aClaimReplacedKeepsOneTimeKeyAndAForgottenIdCanBeClaimedAgain() {
        ClaimIndex index = new ClaimIndex(onDisk.store(), clock);
        String id = UUID.randomUUID().toString();
        read(index, now, id, HASH_A);
        now += ClaimIndex.LIFETIME_MS + DAY / 2;
        read(index, now, id, HASH_B);
        assertThat(index.entries()).as("the replaced claim's time key went with it").isEqualTo(2);
        now += ClaimIndex.FORGET_AFTER_MS + 1;
        read(index, now, UUID.randomUUID().toString(), HASH_A);
        assertThat(matches(index, id, HASH_B)).as("forgotten").isEmpty();
        read(index, now, id, HASH_A);
        assertThat(matches(index, id, HASH_A)).contains(true);
    }

    @Test
    void aClaimReadLaterThanADayIsNotTaken() {
        ClaimIndex index = new ClaimIndex(onDisk.store(), clock);
        String id = UUID.randomUUID().toString();
        read(index, now - ClaimIndex.FORGET_AFTER_MS - 1, id, HASH_A);
        assertThat(matches(index, id, HASH_A)).isEmpty();
        assertThat(index.entries()).isZero();
    }
}
