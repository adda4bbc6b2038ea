package org.together.reports.replay;

import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.together.figures.DayFigures;
import org.together.figures.DaySink;
import org.together.figures.Figures;

/**
 * Day figures a report holds in memory: each day of the span it reports on, the sum of the days before it, and the
 * sum of the days after it (never read: only the span's own figures are asked for). Memory follows the span, not
 * the history.
 */
final class FoldedDays implements DayFigures, DaySink {

    private final long keepFrom;
    private final Figures before = new Figures();
    private final Figures[] kept;
    private final Figures after = new Figures();

    /** Keeps the days in [keepFrom, keepUntil). */
    FoldedDays(LocalDate keepFrom, LocalDate keepUntil) {
        this.keepFrom = keepFrom.toEpochDay();
        this.kept = new Figures[Math.toIntExact(keepUntil.toEpochDay() - this.keepFrom)];
    }

    @Override
    public Figures onDay(long epochDay) {
        if (epochDay < keepFrom) {
            return before;
        }
        long i = epochDay - keepFrom;
        if (i >= kept.length) {
            return after;
        }
        Figures day = kept[(int) i];
        if (day == null) {
            day = new Figures();
            kept[(int) i] = day;
        }
        return day;
    }

    /** Adds another's days, kept over the same span, to these. */
    void add(FoldedDays other) {
        if (other.keepFrom != keepFrom || other.kept.length != kept.length) {
            throw new IllegalArgumentException("days kept over another span");
        }
        before.add(other.before);
        after.add(other.after);
        for (int i = 0; i < kept.length; i++) {
            if (other.kept[i] != null) {
                onDay(keepFrom + i).add(other.kept[i]);
            }
        }
    }

    @Override
    public LocalDate firstReadableDay() {
        return LocalDate.ofEpochDay(keepFrom);
    }

    @Override
    public Figures upTo(LocalDate day) {
        int last = index(day);
        Figures figures = Figures.copyOf(before);
        for (int i = 0; i <= last; i++) {
            if (kept[i] != null) {
                figures.add(kept[i]);
            }
        }
        return figures;
    }

    @Override
    public NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to) {
        index(from.minusDays(1));
        int last = index(to);
        NavigableMap<LocalDate, Figures> days = new TreeMap<>();
        for (int i = (int) (from.toEpochDay() - keepFrom); i <= last; i++) {
            if (i >= 0 && kept[i] != null && !kept[i].isEmpty()) {
                days.put(LocalDate.ofEpochDay(keepFrom + i), kept[i]);
            }
        }
        return days;
    }

    @Override
    public long lastEventAtUpTo(LocalDate day) {
        for (int i = index(day); i >= 0; i--) {
            if (kept[i] != null && kept[i].events() > 0) {
                return kept[i].lastEventAt();
            }
        }
        return before.lastEventAt();
    }

    /** The index of a day from the day before the span to its last day (-1: the day before); no other can be answered. */
    private int index(LocalDate day) {
        long i = day.toEpochDay() - keepFrom;
        if (i < -1 || i >= kept.length) {
            throw new IllegalArgumentException(day + " is outside the days this report kept ("
                    + LocalDate.ofEpochDay(keepFrom - 1) + " to " + LocalDate.ofEpochDay(keepFrom + kept.length - 1) + ")");
        }
        return (int) i;
    }
}
