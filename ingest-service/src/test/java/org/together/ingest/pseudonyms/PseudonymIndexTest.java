package org.together.ingest.pseudonyms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rocksdb.WriteBatch;
import org.together.ingest.index.OneTableStore;
import org.together.reference.PseudonymClaim;

/**
 * The vault's rules as every instance applies them, on logs written by hand and on random ones, the latter also
 * compacted the way Kafka compacts (the last record of each key kept, in place): a reader of the compacted log
 * must find every participant's pseudonym where a reader of the whole log found it.
 */
class PseudonymIndexTest {

    @RegisterExtension
    final OneTableStore onDisk = new OneTableStore(PseudonymIndex.TABLE);

    /** A record of the vault topic: a claim (a pseudonym) or a tombstone (null). */
    private record Entry(long offset, String key, String pseudonym) {
    }

    private static byte[] participant(int n) {
        byte[] k = new byte[32];
        k[0] = (byte) n;
        k[31] = 7;
        return k;
    }

    private static String claimKey(int participant, int claim) {
        byte[] id = new byte[16];
        id[0] = (byte) claim;
        id[15] = (byte) (claim >> 8);
        return new ClaimKey(participant(participant), id).wire();
    }

    /** Reads a log into a fresh index, committing every few records as the tail does after each poll. */
    private PseudonymIndex read(List<Entry> log, int poll) {
        PseudonymIndex index = new PseudonymIndex(onDisk.store(), bytes -> new PseudonymClaim(new String(bytes, StandardCharsets.UTF_8)),
                Runnable::run);
        WriteBatch batch = new WriteBatch();
        int inBatch = 0;
        for (Entry e : log) {
            byte[] value = e.pseudonym() == null ? null : e.pseudonym().getBytes(StandardCharsets.UTF_8);
            index.apply(new ConsumerRecord<>("together.pseudonyms", 0, e.offset(), 0L, TimestampType.LOG_APPEND_TIME, 0, 0,
                    e.key(), value, new RecordHeaders(), Optional.empty()), batch);
            if (++inBatch == poll) {
                commit(index, batch);
                batch = new WriteBatch();
                inBatch = 0;
            }
        }
        commit(index, batch);
        return index;
    }

    private void commit(PseudonymIndex index, WriteBatch batch) {
        try (batch) {
            index.checkpoint(batch);
            onDisk.store().write(batch);
            index.committed();
        }
    }

    private void forget() {
        onDisk.store().reset(onDisk.store().table(PseudonymIndex.TABLE), "together.pseudonyms", 1);
    }

    @Test
    void theFirstClaimWinsAndALaterOneChangesNothing() {
        PseudonymIndex index = read(List.of(
                new Entry(0, claimKey(1, 1), "first"),
                new Entry(1, claimKey(1, 2), "second"),
                new Entry(2, claimKey(2, 1), "other-participant")), 1);

        assertThat(index.pseudonym(participant(1))).contains("first");
        assertThat(index.pseudonym(participant(2))).contains("other-participant");
        assertThat(index.pseudonym(participant(3))).isEmpty();
        assertThat(index.claims(participant(1))).extracting(PseudonymIndex.Claim::pseudonym).containsExactly("first", "second");
    }

    @Test
    void anErasureTombstonesEveryClaimAndALaterClaimIsANewPseudonym() {
        PseudonymIndex index = read(List.of(
                new Entry(0, claimKey(1, 1), "first"),
                new Entry(1, claimKey(1, 2), "second"),
                new Entry(2, claimKey(1, 1), null),
                new Entry(3, claimKey(1, 2), null)), 1);

        assertThat(index.pseudonym(participant(1))).isEmpty();
        assertThat(index.claims(participant(1))).isEmpty();

        PseudonymIndex later = read(List.of(new Entry(4, claimKey(1, 3), "after")), 1);
        assertThat(later.pseudonym(participant(1))).contains("after");
        assertThat(later.claims(participant(1))).hasSize(1);
    }

    @Test
    void aClaimLeftByAnErasureInterruptedHalfwayIsThePseudonymUntilTheErasureIsRepeated() {
        PseudonymIndex index = read(List.of(
                new Entry(0, claimKey(1, 1), "first"),
                new Entry(1, claimKey(1, 2), "second"),
                new Entry(2, claimKey(1, 1), null)), 1);

        // no event was ever written with "second" (it lost): to events it is a new pseudonym
        assertThat(index.pseudonym(participant(1))).contains("second");
        assertThat(index.claims(participant(1))).extracting(PseudonymIndex.Claim::pseudonym).containsExactly("second");
    }

    @Test
    void aClaimReadAgainAfterARestartFromAnEarlierPositionChangesNothing() {
        List<Entry> log = List.of(new Entry(0, claimKey(1, 1), "first"), new Entry(1, claimKey(1, 2), "second"));
        read(log, 1);
        PseudonymIndex again = read(log, 1);

        assertThat(again.pseudonym(participant(1))).contains("first");
        assertThat(again.claims(participant(1))).hasSize(2);
    }

    @Test
    void ticksAndKeyChecksAreNotClaimsAndTheFirstKeyCheckIsKept() {
        PseudonymIndex index = read(List.of(
                new Entry(0, "tick", null),
                new Entry(1, PseudonymIndex.KEY_CHECK_PREFIX + "ours", "ours"),
                new Entry(2, PseudonymIndex.KEY_CHECK_PREFIX + "theirs", "theirs"),
                new Entry(3, "not-a-claim", "x")), 2);

        assertThat(index.keyCheck()).contains("ours");
        assertThat(onDisk.store().table(PseudonymIndex.TABLE).estimatedEntries()).isLessThanOrEqualTo(1);
    }

    @Test
    void aCompactedVaultGivesEveryParticipantThePseudonymTheWholeLogGave() {
        Random random = new Random(20261205);
        for (int round = 0; round < 200; round++) {
            List<Entry> log = randomLog(random);
            Map<Integer, Optional<String>> whole = winners(read(log, 1 + random.nextInt(5)));
            forget();
            Map<Integer, Optional<String>> compacted = winners(read(compact(log, random), 1 + random.nextInt(5)));
            forget();

            assertThat(compacted).as("round %d, log %s", round, log).isEqualTo(whole);
        }
    }

    /** Claims and erasures of a few participants, as instances racing, erasing (or dying halfway) would write them. */
    private static List<Entry> randomLog(Random random) {
        List<Entry> log = new ArrayList<>();
        Map<Integer, List<Integer>> claimsOf = new HashMap<>();
        int nextClaim = 0;
        for (int offset = 0; offset < 40; offset++) {
            int p = random.nextInt(4);
            List<Integer> claims = claimsOf.computeIfAbsent(p, k -> new ArrayList<>());
            if (claims.isEmpty() || random.nextInt(3) > 0) {
                int c = nextClaim++;
                claims.add(c);
                log.add(new Entry(offset, claimKey(p, c), "pseudonym-" + c));
            } else {
                // an erasure tombstones the claims it knows: all of them, or some when it races a claim or dies
                int known = random.nextBoolean() ? claims.size() : random.nextInt(claims.size() + 1);
                for (int i = 0; i < known && offset < 40; i++, offset++) {
                    log.add(new Entry(offset, claimKey(p, claims.get(i)), null));
                }
                offset--;
                claims.subList(0, known).clear();
            }
        }
        return log;
    }

    /**
     * What Kafka's cleaner may leave: for any prefix of the log it cleans, only the last record of each key in the
     * log, at its own offset; tombstones themselves possibly removed too once they are old enough.
     */
    private static List<Entry> compact(List<Entry> log, Random random) {
        int cleanedUpTo = random.nextInt(log.size() + 1);
        boolean tombstonesGone = random.nextBoolean();
        Map<String, Long> last = new LinkedHashMap<>();
        log.forEach(e -> last.put(e.key(), e.offset()));
        List<Entry> out = new ArrayList<>();
        for (Entry e : log) {
            boolean cleaned = e.offset() < cleanedUpTo;
            boolean superseded = last.get(e.key()) != e.offset() && last.get(e.key()) < cleanedUpTo;
            if (cleaned && superseded) {
                continue;
            }
            if (cleaned && e.pseudonym() == null && tombstonesGone) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    private static Map<Integer, Optional<String>> winners(PseudonymIndex index) {
        Map<Integer, Optional<String>> out = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            out.put(p, index.pseudonym(participant(p)));
        }
        return out;
    }
}
