package org.together.figures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Do participants come back? Participants grouped by the month or quarter of their first join (their cohort): how
 * many are still active at the end of each period since, and how many started or completed a tool in each.
 */
public final class Cohorts {

    /**
     * One cohort's row of the triangle.
     *
     * @param stillActive active at the end of the cohort's period, of the next one, ... up to the current one (as of
     *                    the day asked)
     * @param usedATool   participants of the cohort who started or completed a tool in each of those periods
     */
    public record Cohort(String cohort, LocalDate start, long joined, List<Long> stillActive, List<Long> usedATool) {
    }

    private Cohorts() {
    }

    /** Every cohort from the first join up to the period holding {@code asOf}, oldest first. */
    public static List<Cohort> of(DayFigures source, Period interval, LocalDate asOf) {
        if (interval != Period.MONTH && interval != Period.QUARTER) {
            throw new IllegalArgumentException("cohorts are by month or quarter, not " + interval);
        }
        NavigableMap<LocalDate, Figures> days = source.days(DayFigures.FIRST, asOf);
        Map<LocalDate, Long> joined = new HashMap<>();
        // per period: the change of each cohort's active participants in it
        TreeMap<LocalDate, Map<LocalDate, Long>> activity = new TreeMap<>();
        Map<LocalDate, Map<LocalDate, Long>> used = new HashMap<>();
        for (Map.Entry<LocalDate, Figures> day : days.entrySet()) {
            LocalDate period = interval.start(day.getKey());
            Figures f = day.getValue();
            if (f.newParticipants() != 0) {
                joined.merge(period, f.newParticipants(), Long::sum);
            }
            f.cohortActivity().forEach((month, change) -> activity.computeIfAbsent(period, p -> new HashMap<>())
                    .merge(interval.start(startOf(Period.MONTH, month)), change, Long::sum));
            f.cohortToolUsers(interval).forEach((cohort, byPeriod) -> byPeriod.forEach((inPeriod, n) ->
                    used.computeIfAbsent(startOf(interval, cohort), c -> new HashMap<>())
                            .merge(startOf(interval, inPeriod), n, Long::sum)));
        }
        LocalDate first = joined.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .min(LocalDate::compareTo).orElse(null);
        if (first == null) {
            return List.of();
        }
        LocalDate current = interval.start(asOf);
        Map<LocalDate, Long> active = new HashMap<>();
        Map<LocalDate, List<Long>> stillActive = new TreeMap<>();
        for (LocalDate period = first; !period.isAfter(current); period = interval.next(period)) {
            activity.getOrDefault(period, Map.of()).forEach((cohort, change) -> active.merge(cohort, change, Long::sum));
            for (LocalDate cohort = first; !cohort.isAfter(period); cohort = interval.next(cohort)) {
                stillActive.computeIfAbsent(cohort, c -> new ArrayList<>()).add(active.getOrDefault(cohort, 0L));
            }
        }
        List<Cohort> cohorts = new ArrayList<>();
        stillActive.forEach((cohort, row) -> {
            List<Long> users = new ArrayList<>(row.size());
            LocalDate period = cohort;
            for (int i = 0; i < row.size(); i++, period = interval.next(period)) {
                users.add(used.getOrDefault(cohort, Map.of()).getOrDefault(period, 0L));
            }
            cohorts.add(new Cohort(interval.label(cohort), cohort, joined.getOrDefault(cohort, 0L), List.copyOf(row),
                    List.copyOf(users)));
        });
        return cohorts;
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
