package org.together.figures;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a target stands: the current value against the target, the pace still needed, and where the trend of the
 * last {@value #TREND_WEEKS} complete ISO weeks leads by the due date (least squares on the values at the end of each
 * week, extended in a straight line). The line is read as a count: never below zero, and for a count that never falls
 * (participants ever, a tool's adopters) never below the current value, which a straight line through a step can be.
 *
 * @param current        the metric as of the day asked
 * @param progress       current / value
 * @param requiredPerWeek what is left / whole weeks to the due date; 0 once reached; null with no whole week left
 * @param projectedAtDue the trend's value on the due date, at least 0 (at least current when the metric never falls);
 *                       null for a target already due
 * @param onTrack        projectedAtDue >= value (or, once due, current >= value)
 * @param weeks          the trend's weeks: the value at the end of each, oldest first
 */
public record TargetProgress(long current, double progress, Double requiredPerWeek, Double projectedAtDue, boolean onTrack,
                             List<WeekValue> weeks) {

    public static final int TREND_WEEKS = 8;

    /** The metric at the end of an ISO week (Sunday), with the week's label ({@code 2021-W27}). */
    public record WeekValue(String week, LocalDate end, long value) {
    }

    /**
     * A target's metric as its scope's figures give it: its value at the end of a day, and whether it is a count that
     * never falls (people counted from their first join or first use of the tool stay counted).
     */
    public record Metric(Function<LocalDate, Long> valueAsOf, boolean neverFalls) {

        /** A metric of a later release: shown, never counted (0 every day). */
        public static final Metric UNKNOWN = new Metric(day -> 0L, false);
    }

    /** The live rule: where a target stands today, {@code current} the metric so far today. */
    public static TargetProgress of(long value, LocalDate due, LocalDate today, Metric metric) {
        return of(value, due, today, today, metric);
    }

    /**
     * A period's targets, as the live rule answers on {@code to}, the first day after the period: the trend's weeks are
     * the complete weeks before {@code to}'s week (a period ending on a Sunday counts its last week), the whole weeks
     * to the due date are counted from {@code to}, and {@code current} is the metric at the end of the period (a report
     * holds no day after it).
     */
    public static TargetProgress afterPeriod(long value, LocalDate due, LocalDate to, Metric metric) {
        return of(value, due, to, to.minusDays(1), metric);
    }

    /** The end (a Sunday) of the oldest of the trend's weeks on {@code day}: the first day the rule reads. */
    public static LocalDate firstWeekEnd(LocalDate day) {
        return thisWeek(day).minusWeeks(TREND_WEEKS).plusDays(6);
    }

    private static LocalDate thisWeek(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The rule on {@code day}, with the current value read at the end of {@code currentAsOf}. */
    private static TargetProgress of(long value, LocalDate due, LocalDate day, LocalDate currentAsOf, Metric metric) {
        Function<LocalDate, Long> valueAsOf = metric.valueAsOf();
        long current = valueAsOf.apply(currentAsOf);
        LocalDate thisWeek = thisWeek(day);
        List<WeekValue> weeks = new ArrayList<>(TREND_WEEKS);
        for (int i = TREND_WEEKS; i >= 1; i--) {
            LocalDate start = thisWeek.minusWeeks(i);
            LocalDate end = start.plusDays(6);
            weeks.add(new WeekValue(Period.WEEK.label(start), end, valueAsOf.apply(end)));
        }
        long left = Math.max(0, value - current);
        long wholeWeeks = ChronoUnit.DAYS.between(day, due) / 7;
        Double required = left == 0 ? Double.valueOf(0) : wholeWeeks <= 0 ? null : (double) left / wholeWeeks;
        Double projected = due.isAfter(day)
                ? Math.max(projection(weeks, due), metric.neverFalls() ? current : 0) : null;
        boolean onTrack = projected == null ? current >= value : projected >= value;
        return new TargetProgress(current, (double) current / value, required, projected, onTrack, List.copyOf(weeks));
    }

    /**
     * A target's metric from its scope's figures; {@code territoriesActive} counts the scope's active territories at
     * the end of a day (a rule of the driver: the network's kept counts, or a report's territories). Null for a metric
     * this release does not know.
     */
    public static Metric metric(String metric, String toolId, DayFigures source, Function<LocalDate, Long> territoriesActive) {
        return switch (metric) {
            case "participantsActive" -> new Metric(day -> source.upTo(day).activeChange(), false);
            case "participantsEver" -> new Metric(day -> source.upTo(day).newParticipants(), true);
            case "toolAdopters" -> new Metric(day -> source.upTo(day).tool(toolId == null ? "" : toolId).adopters(), true);
            case "territoriesActive" -> new Metric(territoriesActive, false);
            default -> null;
        };
    }

    /**
     * The least-squares line through (x, value at the end of week x), x = 0 for the oldest week, read at the due date,
     * x = (due - end of the oldest week) / 7 days.
     */
    static double projection(List<WeekValue> weeks, LocalDate due) {
        int n = weeks.size();
        double meanX = (n - 1) / 2.0;
        double meanY = weeks.stream().mapToLong(WeekValue::value).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int x = 0; x < n; x++) {
            sxy += (x - meanX) * (weeks.get(x).value() - meanY);
            sxx += (x - meanX) * (x - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double intercept = meanY - slope * meanX;
        double x = ChronoUnit.DAYS.between(weeks.get(0).end(), due) / 7.0;
        return intercept + slope * x;
    }
}
