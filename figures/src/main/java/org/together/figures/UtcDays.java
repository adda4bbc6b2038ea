package org.together.figures;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** Event time in UTC days: figures are kept per day of {@code occurredAt}, whenever the event arrives. */
public final class UtcDays {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcDays() {
    }

    /** The epoch day (days since 1970-01-01, UTC) of an instant in epoch millis. */
    public static long of(long epochMillis) {
        return Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    }

    public static LocalDate dateOf(long epochMillis) {
        return LocalDate.ofEpochDay(of(epochMillis));
    }

    /** Midnight UTC at the start of the day, in epoch millis. */
    public static long startMillis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
