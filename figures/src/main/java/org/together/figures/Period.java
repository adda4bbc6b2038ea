package org.together.figures;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** The calendar periods figures are reported in: UTC days, ISO weeks, months and quarters. */
public enum Period {
    DAY, WEEK, MONTH, QUARTER;

    /** The first day of the period containing {@code day}. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
        };
    }

    /** The first day of the next period. */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
        };
    }

    /**
     * {@code 2021-07-10}, {@code 2021-W27}, {@code 2021-07}, {@code 2021-Q3}. Built by hand, not with a Formatter: the
     * live topology labels a participant's cohort month for each event about it.
     */
    public String label(LocalDate start) {
        return switch (this) {
            case DAY -> start.toString();
            case WEEK -> start.get(IsoFields.WEEK_BASED_YEAR) + "-W" + twoDigits(start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> start.getYear() + "-" + twoDigits(start.getMonthValue());
            case QUARTER -> start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
        };
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** The {@code interval} query parameter's spelling. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Period> fromWireName(String name) {
        for (Period p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
