package org.together.figures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;

/**
 * Period arithmetic over day figures: what is new in the current day, week, month and quarter, the growth from one
 * complete period to the next, and series of periods. Weeks are ISO weeks (Monday first), all days UTC.
 */
public final class PeriodFigures {

    private PeriodFigures() {
    }

    /** Participants whose first join fell in the current day, ISO week, month and quarter, up to the as-of day. */
    public record CurrentPeriods(long day, long week, long month, long quarter) {
    }

    /**
     * One period of a series.
     *
     * @param end exclusive
     * @param returningParticipants participants who joined again in the period after leaving (not new)
     * @param leftParticipants active participants who left in the period
     * @param activeAtEnd active at the end of its last day
     * @param everAtEnd ever joined by the end of its last day
     */
    public record Point(String period, LocalDate start, LocalDate end, long newParticipants, long returningParticipants,
                        long leftParticipants, long activeAtEnd, long everAtEnd) {
    }

    /**
     * The first day whose figures {@link #currentPeriods} and {@link #growth} need for an as-of day: the start of
     * the week and of the quarter before the last complete ones.
     */
    public static LocalDate recentSince(LocalDate day) {
        LocalDate previousQuarterEnd = Period.QUARTER.start(Period.QUARTER.start(day).minusDays(1)).minusDays(1);
        LocalDate previousWeekEnd = Period.WEEK.start(day).minusWeeks(1).minusDays(1);
        return (previousQuarterEnd.isBefore(previousWeekEnd) ? previousQuarterEnd : previousWeekEnd).plusDays(1);
    }

    /** @param days at least the days from {@code Period.QUARTER.start(day)} to {@code day} */
    public static CurrentPeriods currentPeriods(NavigableMap<LocalDate, Figures> days, LocalDate day) {
        return new CurrentPeriods(
                newBetween(days, Period.DAY.start(day), day),
                newBetween(days, Period.WEEK.start(day), day),
                newBetween(days, Period.MONTH.start(day), day),
                newBetween(days, Period.QUARTER.start(day), day));
    }

    private static long newBetween(NavigableMap<LocalDate, Figures> days, LocalDate from, LocalDate to) {
        return days.subMap(from, true, to, true).values().stream().mapToLong(Figures::newParticipants).sum();
    }

    /**
     * Growth from one complete period to the next: the period containing the as-of day is current, the last
     * complete one is the one before it; active at the end of the last complete period ÷ active at the end of the
     * one before − 1 (null when that is 0).
     *
     * @param days at least the days from {@link #recentSince} to {@code day}
     * @param activeAsOf participants active at the end of {@code day}
     */
    public static Double growth(NavigableMap<LocalDate, Figures> days, LocalDate day, long activeAsOf, Period period) {
        long[] counts = growthCounts(days, day, activeAsOf, period);
        return Fractions.growth(counts[0], counts[1]);
    }

    /**
     * The two counts {@link #growth} divides: participants active at the end of the last complete period, and at the
     * end of the one before (a growth rate is published only when both would be).
     */
    public static long[] growthCounts(NavigableMap<LocalDate, Figures> days, LocalDate day, long activeAsOf, Period period) {
        LocalDate lastEnd = period.start(day).minusDays(1);
        LocalDate beforeEnd = period.start(lastEnd).minusDays(1);
        return new long[] {activeAtEndOf(days, lastEnd, day, activeAsOf), activeAtEndOf(days, beforeEnd, day, activeAsOf)};
    }

    /** Active at the end of a day = active as of a later day minus the changes between. */
    private static long activeAtEndOf(NavigableMap<LocalDate, Figures> days, LocalDate end, LocalDate asOf, long activeAsOf) {
        long later = days.subMap(end, false, asOf, true).values().stream().mapToLong(Figures::activeChange).sum();
        return activeAsOf - later;
    }

    /**
     * Every period that overlaps [from, toExclusive): the first from its start, the last up to toExclusive (days from
     * toExclusive on are not counted).
     */
    public static List<Point> series(DayFigures source, Period period, LocalDate from, LocalDate toExclusive) {
        List<LocalDate> bounds = new ArrayList<>();
        for (LocalDate start = period.start(from); start.isBefore(toExclusive); start = period.next(start)) {
            bounds.add(start);
        }
        bounds.add(toExclusive);
        return series(source, bounds, period::label);
    }

    /**
     * The periods between consecutive bounds (ascending, at least two), each labelled by its first day; a report cuts
     * its first and last ISO week at its own bounds.
     */
    public static List<Point> series(DayFigures source, List<LocalDate> bounds, Function<LocalDate, String> label) {
        LocalDate first = bounds.get(0);
        LocalDate last = bounds.get(bounds.size() - 1);
        NavigableMap<LocalDate, Figures> days = source.days(first, last.minusDays(1));
        Figures before = source.upTo(first.minusDays(1));
        long active = before.activeChange();
        long ever = before.newParticipants();
        List<Point> series = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            LocalDate start = bounds.get(i);
            LocalDate end = bounds.get(i + 1);
            long joined = 0;
            long activated = 0;
            long left = 0;
            for (Figures f : days.subMap(start, true, end, false).values()) {
                joined += f.newParticipants();
                activated += f.activations();
                left += f.deactivations();
            }
            // every activation is a first join or a return: active at the end = before + new + returning - left
            active += activated - left;
            ever += joined;
            series.add(new Point(label.apply(start), start, end, joined, activated - joined, left, active, ever));
        }
        return series;
    }

    /** The ISO weeks of a window, the first and last cut at its bounds, as series bounds. */
    public static List<LocalDate> isoWeekBounds(Window window) {
        List<LocalDate> bounds = new ArrayList<>();
        for (LocalDate start = window.from(); start.isBefore(window.to()); start = Period.WEEK.next(Period.WEEK.start(start))) {
            bounds.add(start);
        }
        bounds.add(window.to());
        return bounds;
    }

    /** The label of the ISO week a day falls in, like {@code 2021-W27}. */
    public static String isoWeekOf(LocalDate day) {
        return Period.WEEK.label(Period.WEEK.start(day));
    }
}
