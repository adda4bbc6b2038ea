package org.together.figures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Do participants come back? Participants grouped by the month or quarter of their first join (their cohort): how
 * many are still active at the end of each period since, and how many started or completed a tool in each.
 */
public final class Cohorts {

    /**
     * One cohort's row of the triangle.
     *
     * @param stillActive active at the end of the cohort's period, of the next one, ... up to the current one (as of
     *                    the day asked); null for a period the source no longer tells apart
     * @param usedATool   participants of the cohort who started or completed a tool in each of those periods
     */
    public record Cohort(String cohort, LocalDate start, long joined, List<Long> stillActive, List<Long> usedATool) {
    }

    private Cohorts() {
    }

    /**
     * Every cohort from the first join up to the period holding {@code asOf}, oldest first. A period that ended before
     * the source's first readable day (a report keeps recent days only) has null for its still active.
     */
    public static List<Cohort> of(DayFigures source, Period interval, LocalDate asOf) {
        if (interval != Period.MONTH && interval != Period.QUARTER) {
            throw new IllegalArgumentException("cohorts are by month or quarter, not " + interval);
        }
        Figures total = source.upTo(asOf);
        Map<LocalDate, Long> joined = byCohort(total.cohortJoined(), interval);
        LocalDate first = joined.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .min(LocalDate::compareTo).orElse(null);
        if (first == null) {
            return List.of();
        }
        Map<LocalDate, Map<LocalDate, Long>> used = new HashMap<>();
        total.cohortToolUsers(interval).forEach((cohort, byPeriod) -> byPeriod.forEach((inPeriod, n) ->
                used.computeIfAbsent(startOf(interval, cohort), c -> new HashMap<>()).merge(startOf(interval, inPeriod), n, Long::sum)));

        // active per cohort at the end of each period, walking back from asOf through the days after each end
        LocalDate current = interval.start(asOf);
        Map<LocalDate, Long> active = byCohort(total.cohortActivity(), interval);
        Map<LocalDate, Map<LocalDate, Long>> activeAtEnd = new HashMap<>();
        LocalDate upper = asOf;
        for (LocalDate period = current; !period.isBefore(first); period = previous(interval, period)) {
            LocalDate end = period.equals(current) ? asOf : interval.next(period).minusDays(1);
            if (end.isBefore(upper) && end.plusDays(1).isBefore(source.firstReadableDay())) {
                break;
            }
            for (Figures day : source.days(end.plusDays(1), upper).values()) {
                byCohort(day.cohortActivity(), interval).forEach((cohort, change) -> active.merge(cohort, -change, Long::sum));
            }
            activeAtEnd.put(period, new HashMap<>(active));
            upper = end;
        }

        List<Cohort> cohorts = new ArrayList<>();
        for (LocalDate cohort = first; !cohort.isAfter(current); cohort = interval.next(cohort)) {
            List<Long> stillActive = new ArrayList<>();
            List<Long> users = new ArrayList<>();
            for (LocalDate period = cohort; !period.isAfter(current); period = interval.next(period)) {
                Map<LocalDate, Long> atEnd = activeAtEnd.get(period);
                stillActive.add(atEnd == null ? null : atEnd.getOrDefault(cohort, 0L));
                users.add(used.getOrDefault(cohort, Map.of()).getOrDefault(period, 0L));
            }
            cohorts.add(new Cohort(interval.label(cohort), cohort, joined.getOrDefault(cohort, 0L),
                    Collections.unmodifiableList(stillActive), List.copyOf(users)));
        }
        return cohorts;
    }

    private static LocalDate previous(Period interval, LocalDate start) {
        return interval.start(start.minusDays(1));
    }

    /** Counts by cohort month summed into cohorts of the interval. */
    private static Map<LocalDate, Long> byCohort(Map<String, Long> byMonth, Period interval) {
        Map<LocalDate, Long> counts = new HashMap<>();
        byMonth.forEach((month, n) -> counts.merge(interval.start(startOf(Period.MONTH, month)), n, Long::sum));
        return counts;
    }

    /** The first day of a period from its label ({@code 2021-03}, {@code 2021-Q1}). */
    static LocalDate startOf(Period period, String label) {
        return switch (period) {
            case MONTH -> LocalDate.parse(label + "-01");
            case QUARTER -> LocalDate.of(Integer.parseInt(label.substring(0, 4)),
                    (label.charAt(label.length() - 1) - '1') * 3 + 1, 1);
            default -> throw new IllegalArgumentException("no cohorts by " + period);
        };
    }
}
