package org.together.figures;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One scope's figures (a territory, the network) per UTC day of event time. */
public interface DayFigures {

    LocalDate FIRST = LocalDate.of(0, 1, 1);
    LocalDate LAST = LocalDate.of(9999, 12, 31);

    /** Figures of every event that occurred up to the end of {@code day}. */
    Figures upTo(LocalDate day);

    /** The days in [from, to], both inclusive, ascending; days without figures are absent. */
    NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to);

    /** The first day whose figures {@link #days} and {@link #upTo} can tell apart (a report folds the days before). */
    default LocalDate firstReadableDay() {
        return FIRST;
    }

    /** The latest occurredAt (epoch millis) of an event on a day up to {@code day}, or {@link Figures#NO_EVENT}. */
    long lastEventAtUpTo(LocalDate day);

    /** Figures held in memory: all time, and the days known (figures up to a day are all time minus the days after it). */
    static DayFigures of(Figures allTime, NavigableMap<LocalDate, Figures> days) {
        return new DayFigures() {
            @Override
            public Figures upTo(LocalDate day) {
                Figures figures = Figures.copyOf(allTime);
                days.tailMap(day, false).values().forEach(figures::subtract);
                return figures;
            }

            @Override
            public NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to) {
                return from.isAfter(to) ? new TreeMap<>() : new TreeMap<>(days.subMap(from, true, to, true));
            }

            @Override
            public long lastEventAtUpTo(LocalDate day) {
                for (Map.Entry<LocalDate, Figures> e : days.headMap(day, true).descendingMap().entrySet()) {
                    if (e.getValue().events() > 0) {
                        return e.getValue().lastEventAt();
                    }
                }
                return Figures.NO_EVENT;
            }
        };
    }
}
