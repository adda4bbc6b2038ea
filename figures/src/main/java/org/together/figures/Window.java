package org.together.figures;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A span of UTC days reported on: {@code from} inclusive, {@code to} exclusive (a quarter is
 * 2021-04-01 to 2021-07-01).
 */
public record Window(LocalDate from, LocalDate to) {

    public Window {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + "): to is exclusive");
        }
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && day.isBefore(to);
    }

    public boolean containsEpochDay(long epochDay) {
        return epochDay >= from.toEpochDay() && epochDay < to.toEpochDay();
    }

    public LocalDate lastDay() {
        return to.minusDays(1);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to);
    }

    /**
     * The window it is compared with, ending where this one starts: as many whole months before when this one is
     * whole months (Q3 against Q2 though Q3 has a day more; 10 April to 10 July against 10 January to 10 April), as
     * people count quarters; otherwise as many days before.
     */
    public Window previous() {
        long months = ChronoUnit.MONTHS.between(from, to);
        if (months > 0 && from.plusMonths(months).equals(to)) {
            LocalDate start = from.minusMonths(months);
            // not when a shorter month cut the day (31 March less a month is 28 February)
            if (start.getDayOfMonth() == from.getDayOfMonth()) {
                return new Window(start, from);
            }
        }
        return new Window(from.minusDays(days()), from);
    }
}
