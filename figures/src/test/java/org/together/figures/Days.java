package org.together.figures;

import java.time.Instant;
import java.time.LocalDate;

/** Instants and days for tests, tersely. */
final class Days {

    private Days() {
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static long day(String date) {
        return LocalDate.parse(date).toEpochDay();
    }

    static LocalDate date(String date) {
        return LocalDate.parse(date);
    }

    static Window window(String from, String to) {
        return new Window(date(from), date(to));
    }

    /** The changes of one day, empty figures when none. */
    static Figures on(DayChanges changes, String date) {
        return changes.nonEmpty().getOrDefault(day(date), new Figures());
    }
}
