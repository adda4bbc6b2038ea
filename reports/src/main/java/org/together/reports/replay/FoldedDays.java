package org.together.reports.replay;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.together.figures.DayFigures;
import org.together.figures.Figures;

/**
 * Day figures a report holds in memory: each day of the span it reports on, and the sum of the days before it;
 * days after the span are not kept. Memory follows the span, not the history.
 */
final class FoldedDays implements DayFigures {

    private final long keepFrom;
    private final long keepUntil;
    private final Figures before = new Figures();
    private final TreeMap<LocalDate, Figures> kept = new TreeMap<>();

    /** Keeps the days in [keepFrom, keepUntil). */
    FoldedDays(LocalDate keepFrom, LocalDate keepUntil) {
        this.keepFrom = keepFrom.toEpochDay();
        this.keepUntil = keepUntil.toEpochDay();
    }

    void add(long epochDay, Figures change) {
        if (epochDay < keepFrom) {
            before.add(change);
        } else if (epochDay < keepUntil) {
            kept.computeIfAbsent(LocalDate.ofEpochDay(epochDay), d -> new Figures()).add(change);
        }
    }

    @Override
    public Figures upTo(LocalDate day) {
        requireKept(day);
        Figures figures = Figures.copyOf(before);
        kept.headMap(day, true).values().forEach(figures::add);
        return figures;
    }

    @Override
    public NavigableMap<LocalDate, Figures> days(LocalDate from, LocalDate to) {
        requireKept(from.minusDays(1));
        requireKept(to);
        return from.isAfter(to) ? new TreeMap<>() : new TreeMap<>(kept.subMap(from, true, to, true));
    }

    @Override
    public long lastEventAtUpTo(LocalDate day) {
        requireKept(day);
        for (Map.Entry<LocalDate, Figures> e : kept.headMap(day, true).descendingMap().entrySet()) {
            if (e.getValue().events() > 0) {
                return e.getValue().lastEventAt();
            }
        }
        return before.lastEventAt();
    }

    /** Only days from the day before the span to its last day can be answered exactly. */
    private void requireKept(LocalDate day) {
        long d = day.toEpochDay();
        if (d < keepFrom - 1 || d >= keepUntil) {
            throw new IllegalArgumentException(day + " is outside the days this report kept ("
                    + LocalDate.ofEpochDay(keepFrom - 1) + " to " + LocalDate.ofEpochDay(keepUntil - 1) + ")");
        }
    }
}
