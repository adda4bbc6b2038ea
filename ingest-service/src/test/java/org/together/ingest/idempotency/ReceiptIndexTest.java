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
import org.junit.jupiter.api.Test;
import org.together.reference.EventReceipt;

class ReceiptIndexTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void anUnknownIdIsNewTheSameContentADuplicateOtherContentAConflict() {
        ReceiptIndex index = new ReceiptIndex();
        assertThat(index.judge("e1", HASH_A)).isEqualTo(ReceiptIndex.Verdict.NEW);

        index.apply("e1", new EventReceipt("e1", "t", HASH_A, "together.tool-used", Instant.now()));

        assertThat(index.judge("e1", HASH_A)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.judge("e1", HASH_B)).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        index.apply("e1", null);
        assertThat(index.judge("e1", HASH_A)).isEqualTo(ReceiptIndex.Verdict.NEW);
    }

    @Test
    void aReceiptRecordedFromItsRawHeaderHashIsJudgedLikeOneRecordedFromItsHexValue() {
        ReceiptIndex index = new ReceiptIndex();
        index.record("e1", HexFormat.of().parseHex(HASH_A));
        index.record("6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", HexFormat.of().parseHex(HASH_B));

        assertThat(index.judge("e1", HASH_A)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.judge("e1", HASH_B)).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        assertThat(index.judge("6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", HASH_B)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.judge("6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a", HASH_A)).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        assertThat(index.judge("e2", HASH_A)).isEqualTo(ReceiptIndex.Verdict.NEW);
    }

    @Test
    void aSecondRequestForTheSameIdWaitsUntilTheFirstReleasesIt() throws Exception {
        ReceiptIndex index = new ReceiptIndex();
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

        index.record("e2", HASH_A);
        first.release();

        ReceiptIndex.Reservation got = second.get(5, TimeUnit.SECONDS);
        assertThat(index.judge("e2", HASH_A)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        got.release();
    }

    @Test
    void waitingForAnIdHeldTooLongTimesOutWithoutHoldingOthers() throws Exception {
        ReceiptIndex index = new ReceiptIndex();
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
        ReceiptIndex index = new ReceiptIndex();
        String lower = "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a";
        String upper = lower.toUpperCase(java.util.Locale.ROOT);

        index.apply(lower, new EventReceipt(lower, "t", HASH_A, "together.tool-used", Instant.now()));
        index.record(upper, HASH_B);

        assertThat(index.judge(lower, HASH_A)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.judge(lower, HASH_B)).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        assertThat(index.judge(upper, HASH_B)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.judge(upper, HASH_A)).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        assertThat(index.judge("6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2b", HASH_A)).isEqualTo(ReceiptIndex.Verdict.NEW);
        assertThat(index.size()).isEqualTo(2);

        index.apply(lower, null);
        assertThat(index.judge(lower, HASH_A)).isEqualTo(ReceiptIndex.Verdict.NEW);
        assertThat(index.judge(upper, HASH_B)).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aContentDifferingAnywhereInTheComparedHashIsAConflict() {
        ReceiptIndex index = new ReceiptIndex();
        String id = "6f1c2a4e-9b7d-4c3e-8a21-0d5e7f9b1c2a";
        String hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        index.record(id, hash);
        for (int i = 0; i < 32; i++) {
            char[] other = hash.toCharArray();
            other[i] = other[i] == '0' ? '1' : '0';
            assertThat(index.judge(id, new String(other))).as("hex digit %d changed", i).isEqualTo(ReceiptIndex.Verdict.CONFLICT);
        }
        assertThat(index.judge(id, hash.toUpperCase(java.util.Locale.ROOT))).isEqualTo(ReceiptIndex.Verdict.DUPLICATE);
    }
}
