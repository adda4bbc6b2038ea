package org.together.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AbsorbedEventsTest {

    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void aSecondCopyWrittenMomentsLaterIsRecognised() {
        AbsorbedEvents absorbed = new AbsorbedEvents();
        absorbed.add("e1", T0);
        absorbed.add("e2", T0 + 5);

        assertTrue(absorbed.contains("e1"), "the copy a racing ingest instance wrote meets its original");
        assertFalse(absorbed.contains("e3"));
    }

    @Test
    void idsReceivedMoreThanAWeekBeforeTheNewestAreForgotten() {
        AbsorbedEvents absorbed = new AbsorbedEvents();
        absorbed.add("e1", T0);
        absorbed.add("e2", T0 + DAY);
        absorbed.add("e3", T0 + 8 * DAY);

        assertFalse(absorbed.contains("e1"), "received 8 days before the newest: ingest's receipts stop its resends");
        assertTrue(absorbed.contains("e2"), "exactly 7 days before the newest: kept");
        assertTrue(absorbed.contains("e3"));
        assertEquals(2, absorbed.size());
    }

    @Test
    void anEntityWithAYearOfDailyEventsKeepsAboutAWeekOfIds() {
        AbsorbedEvents absorbed = new AbsorbedEvents();
        for (int day = 0; day < 365; day++) {
            absorbed.add("e" + day, T0 + day * DAY);
        }
        assertEquals(8, absorbed.size(), "days 357 to 364");
    }

    @Test
    void idsRestoredWithoutReceiptTimesGoAtTheNextEvent() {
        AbsorbedEvents absorbed = AbsorbedEvents.restore(java.util.Map.of("old", Long.MIN_VALUE));
        assertTrue(absorbed.contains("old"));

        absorbed.add("new", T0);

        assertFalse(absorbed.contains("old"));
        assertEquals(1, absorbed.size());
    }
}
