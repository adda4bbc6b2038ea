package org.together.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.together.ingest.limits.RateLimit.Allowed;
import org.together.ingest.limits.RateLimit.Headroom;
import org.together.ingest.limits.RateLimit.Refused;
import org.together.ingest.limits.RateLimit.TooLarge;

/** The token bucket on a clock the test moves: no sleeping, no timing. */
class RateLimitTest {

    private final AtomicLong now = new AtomicLong(123_456_789L);

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aTerritoryMaySendTenSecondsOfItsRateAtOnceThenNoMore() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.burst()).isEqualTo(1_000);
        for (int i = 0; i < 10; i++) {
            assertThat(limit.take("mulhouse", 100)).as("request %d of the burst", i).isEqualTo(new Allowed());
        }
        assertThat(limit.take("mulhouse", 1)).isEqualTo(new Refused(1));
    }

    @Test
    void theBucketRefillsAtTheRateAndRetryAfterSaysWhenTheRequestWouldFit() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.take("mulhouse", 1_000)).isEqualTo(new Allowed());
        // 500 events need 5 s at 100/s
        assertThat(limit.take("mulhouse", 500)).isEqualTo(new Refused(5));
        advance(4_990);
        assertThat(limit.take("mulhouse", 500)).as("499 events in the bucket").isEqualTo(new Refused(1));
        advance(10);
        assertThat(limit.take("mulhouse", 500)).isEqualTo(new Allowed());
        assertThat(limit.take("mulhouse", 1)).isInstanceOf(Refused.class);
    }

    @Test
    void aRefusedRequestTakesNothingFromTheBucket() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.take("mulhouse", 900)).isEqualTo(new Allowed());
        for (int i = 0; i < 50; i++) {
            assertThat(limit.take("mulhouse", 200)).isInstanceOf(Refused.class);
        }
        assertThat(limit.take("mulhouse", 100)).as("the 100 left are still there").isEqualTo(new Allowed());
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurstHoweverLongTheTerritoryWasQuiet() {
        RateLimit limit = new RateLimit(100, now::get);
        advance(TimeUnit.DAYS.toMillis(30));
        assertThat(limit.take("mulhouse", 1_000)).isEqualTo(new Allowed());
        assertThat(limit.take("mulhouse", 1)).isInstanceOf(Refused.class);
    }

    @Test
    void eachTerritoryHasItsOwnBucket() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.take("mulhouse", 1_000)).isEqualTo(new Allowed());
        assertThat(limit.take("mulhouse", 1)).isInstanceOf(Refused.class);
        assertThat(limit.take("sfantu-gheorghe", 1_000)).isEqualTo(new Allowed());
    }

    @Test
    void aRequestLargerThanTheBurstCanNeverPassAndSaysSo() {
        RateLimit limit = new RateLimit(10, now::get);
        assertThat(limit.take("mulhouse", 101)).isEqualTo(new TooLarge(100));
        assertThat(limit.take("mulhouse", 100)).as("the refused request took nothing").isEqualTo(new Allowed());
    }

    @Test
    void headroomSaysWhatTheTerritoryMaySendNowAndWhenItsBucketIsFullAgain() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.headroom("mulhouse")).as("a territory not seen yet").isEqualTo(new Headroom(1_000, 0));
        limit.take("mulhouse", 250);
        assertThat(limit.headroom("mulhouse")).as("250 events take 2.5 s to refill").isEqualTo(new Headroom(750, 3));
        advance(1_005);
        assertThat(limit.headroom("mulhouse")).isEqualTo(new Headroom(850, 2));
        assertThat(new RateLimit(0, now::get).headroom("mulhouse")).as("no limit").isEqualTo(new Headroom(0, 0));
    }

    @Test
    void zeroTurnsTheLimitOffAndANegativeRateIsRefused() {
        RateLimit off = new RateLimit(0, now::get);
        assertThat(off.enabled()).isFalse();
        for (int i = 0; i < 1_000; i++) {
            assertThat(off.take("mulhouse", 1_000)).isEqualTo(new Allowed());
        }
        assertThatThrownBy(() -> new RateLimit(-1, now::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit");
    }

    @Test
    void aClockThatStepsBackDoesNotEmptyNorFillTheBucket() {
        RateLimit limit = new RateLimit(100, now::get);
        assertThat(limit.take("mulhouse", 950)).isEqualTo(new Allowed());
        advance(-60_000);
        assertThat(limit.take("mulhouse", 50)).isEqualTo(new Allowed());
        assertThat(limit.take("mulhouse", 1)).isInstanceOf(Refused.class);
    }
}
