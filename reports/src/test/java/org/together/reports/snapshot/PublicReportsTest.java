package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How long the public's answers are kept, and how many. */
class PublicReportsTest {

    /** A clock the test moves. */
    private static final class Moved extends Clock {
        Instant now = Instant.parse("2026-10-02T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static PublicReports.Key quarter(int month, SnapshotFormat format) {
        LocalDate from = LocalDate.of(2026, month, 1);
        return new PublicReports.Key(from, from.plusMonths(3), "en", format, null);
    }

    private static PublicReports.Answer answer(int bytes) {
        return new PublicReports.Answer("application/json", "inline", null, new byte[bytes]);
    }

    @Test
    void anAnswerIsKeptFiveMinutesAfterItWasMade() {
        Moved clock = new Moved();
        PublicReports reports = new PublicReports(clock);
        PublicReports.Answer made = answer(10);
        reports.put(quarter(7, SnapshotFormat.JSON), made);
        clock.now = clock.now.plus(PublicReports.KEPT).minusSeconds(1);
        assertThat(reports.get(quarter(7, SnapshotFormat.JSON))).containsSame(made);
        assertThat(reports.get(quarter(7, SnapshotFormat.PDF))).as("another format is another answer").isEmpty();
        assertThat(reports.get(new PublicReports.Key(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 10, 1), "fr",
                SnapshotFormat.JSON, null))).as("another language").isEmpty();
        clock.now = clock.now.plusSeconds(1);
        assertThat(PublicReports.KEPT).isEqualTo(Duration.ofMinutes(5));
        assertThat(reports.get(quarter(7, SnapshotFormat.JSON))).as("five minutes after it was made").isEmpty();
        assertThat(reports.size()).isZero();
    }

    @Test
    void theOldestAnswersGoWhenTheNumberOrTheBytesKeptWouldPassTheirBound() {
        Moved clock = new Moved();
        PublicReports reports = new PublicReports(clock, 2, 100);
        reports.put(quarter(1, SnapshotFormat.JSON), answer(40));
        reports.put(quarter(4, SnapshotFormat.JSON), answer(40));
        reports.put(quarter(7, SnapshotFormat.JSON), answer(40));
        assertThat(reports.size()).as("two answers at most").isEqualTo(2);
        assertThat(reports.get(quarter(1, SnapshotFormat.JSON))).as("the oldest gone").isEmpty();

        reports.put(quarter(10, SnapshotFormat.JSON), answer(70));
        assertThat(reports.get(quarter(7, SnapshotFormat.JSON))).as("70 + 40 + 40 bytes would pass 100").isEmpty();
        assertThat(reports.get(quarter(4, SnapshotFormat.JSON))).isEmpty();
        assertThat(reports.get(quarter(10, SnapshotFormat.JSON))).isPresent();

        reports.put(quarter(1, SnapshotFormat.PDF), answer(101));
        assertThat(reports.get(quarter(1, SnapshotFormat.PDF))).as("larger than all the room: not kept").isEmpty();
        assertThat(reports.get(quarter(10, SnapshotFormat.JSON))).as("and nothing made room for it").isPresent();
    }
}
