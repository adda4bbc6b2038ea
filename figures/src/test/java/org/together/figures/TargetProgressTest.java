package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A target of the meeting against the trend of the last 8 complete ISO weeks, checked by hand. */
class TargetProgressTest {

    /** Wednesday of ISO week 2021-W28: the last complete weeks are W20 (17-23 May) to W27 (5-11 July). */
    private static final LocalDate TODAY = LocalDate.parse("2021-07-14");
    /** Active participants at the end of each of those Sundays, and today. */
    private static final Map<LocalDate, Long> ACTIVE = Map.of(
            LocalDate.parse("2021-05-23"), 100L, LocalDate.parse("2021-05-30"), 110L, LocalDate.parse("2021-06-06"), 125L,
            LocalDate.parse("2021-06-13"), 130L, LocalDate.parse("2021-06-20"), 150L, LocalDate.parse("2021-06-27"), 155L,
            LocalDate.parse("2021-07-04"), 170L, LocalDate.parse("2021-07-11"), 180L, TODAY, 185L);

    private static final TargetProgress.Metric ACTIVE_METRIC = new TargetProgress.Metric(TargetProgressTest::active, false);

    private static long active(LocalDate day) {
        Long value = ACTIVE.get(day);
        if (value == null) {
            throw new AssertionError("asked for a day outside the trend: " + day);
        }
        return value;
    }

    @Test
    void theProjectionIsTheLeastSquaresLineOfTheWeeklyValuesReadOnTheDueDate() {
        // by hand: x = 0..7, mean x 3.5, mean y 1120 / 8 = 140, Sxy = 485, Sxx = 42, slope 485 / 42;
        // 30 September is 130 days after the oldest Sunday (23 May): x = 130 / 7;
        // projected = 140 + 485 / 42 * (130 / 7 - 3.5) = 314.039...
        TargetProgress p = TargetProgress.of(300, LocalDate.parse("2021-09-30"), TODAY, ACTIVE_METRIC);

        assertThat(p.weeks()).extracting(TargetProgress.WeekValue::week)
                .containsExactly("2021-W20", "2021-W21", "2021-W22", "2021-W23", "2021-W24", "2021-W25", "2021-W26", "2021-W27");
        assertThat(p.projectedAtDue()).isCloseTo(140 + 485.0 / 42 * (130.0 / 7 - 3.5), within(1e-9));
        assertThat(p.projectedAtDue()).isCloseTo(314.039, within(0.001));
        assertThat(p.onTrack()).isTrue();
        assertThat(p.current()).isEqualTo(185);
        assertThat(p.progress()).isCloseTo(185 / 300.0, within(1e-12));
        // 78 days to the due date are 11 whole weeks; 115 are left
        assertThat(p.requiredPerWeek()).isCloseTo(115 / 11.0, within(1e-12));
    }

    @Test
    void aTargetAboveTheTrendIsNotOnTrack() {
        TargetProgress p = TargetProgress.of(320, LocalDate.parse("2021-09-30"), TODAY, ACTIVE_METRIC);
        assertThat(p.onTrack()).isFalse();
    }

    @Test
    void aTargetReachedNeedsNothingMoreAndOneDueThisWeekHasNoWholeWeekLeft() {
        assertThat(TargetProgress.of(150, LocalDate.parse("2021-09-30"), TODAY, ACTIVE_METRIC).requiredPerWeek())
                .isEqualTo(0.0);
        TargetProgress soon = TargetProgress.of(200, LocalDate.parse("2021-07-18"), TODAY, ACTIVE_METRIC);
        assertThat(soon.requiredPerWeek()).as("what is left / 0 whole weeks").isNull();
    }

    @Test
    void aTargetDueTodayIsJudgedOnTheCurrentValue() {
        TargetProgress due = TargetProgress.of(185, TODAY, TODAY, ACTIVE_METRIC);
        assertThat(due.projectedAtDue()).isNull();
        assertThat(due.onTrack()).isTrue();
    }

    /** The 8 Sundays of the trend (2021-05-23 to 2021-07-11) with these values, and today with {@code today}. */
    private static java.util.function.Function<LocalDate, Long> weekly(long today, long... sundays) {
        return day -> {
            if (day.equals(TODAY)) {
                return today;
            }
            int week = (int) java.time.temporal.ChronoUnit.WEEKS.between(LocalDate.parse("2021-05-23"), day);
            if (week < 0 || week >= sundays.length || !LocalDate.parse("2021-05-23").plusWeeks(week).equals(day)) {
                throw new AssertionError("asked for a day outside the trend: " + day);
            }
            return sundays[week];
        };
    }

    /**
     * Review 8, item 1: a falling trend (territories going quiet, participants leaving) extended far enough crosses
     * zero; a count is never projected below it, and the report then prints 0, not -1.
     */
    @Test
    void aFallingTrendIsProjectedAtZeroNeverBelow() {
        var falling = weekly(1, 8, 7, 6, 5, 4, 3, 2, 1);
        LocalDate due = LocalDate.parse("2021-12-31");
        TargetProgress p = TargetProgress.of(5, due, TODAY, new TargetProgress.Metric(falling, false));
        assertThat(TargetProgress.projection(p.weeks(), due)).as("the straight line itself").isNegative();
        assertThat(p.projectedAtDue()).isEqualTo(0.0);
        assertThat(p.onTrack()).isFalse();
    }

    /**
     * Review 8, item 1: participants ever (or a tool's adopters) only grow, yet the least-squares line through a step
     * (5 for seven weeks, then 13) reads 8.3 at the end of the last week and below 13 for weeks after: such a count is
     * projected at no less than its current value. A count that can fall keeps the line as it is.
     */
    @Test
    void aCountThatNeverFallsIsNeverProjectedBelowItsCurrentValue() {
        var step = weekly(13, 5, 5, 5, 5, 5, 5, 5, 13);
        LocalDate due = LocalDate.parse("2021-08-01");
        // by hand: mean x 3.5, mean y 6, Sxy 28, Sxx 42, slope 2/3; 1 August is x = 10: 6 + 2/3 * 6.5 = 10.33
        TargetProgress active = TargetProgress.of(20, due, TODAY, new TargetProgress.Metric(step, false));
        assertThat(active.projectedAtDue()).isCloseTo(6 + 2.0 / 3 * 6.5, within(1e-9));
        TargetProgress ever = TargetProgress.of(20, due, TODAY, new TargetProgress.Metric(step, true));
        assertThat(ever.projectedAtDue()).isEqualTo(13.0);
        assertThat(ever.current()).isEqualTo(13);
        assertThat(TargetProgress.of(13, due, TODAY, new TargetProgress.Metric(step, true)).onTrack())
                .as("already reached, and it cannot fall").isTrue();
    }

    @Test
    void participantsEverAndAToolsAdoptersNeverFallAndTheOthersMay() {
        DayFigures none = DayFigures.of(new Figures(), new java.util.TreeMap<>());
        assertThat(TargetProgress.metric("participantsEver", null, none, day -> 0L).neverFalls()).isTrue();
        assertThat(TargetProgress.metric("toolAdopters", "t", none, day -> 0L).neverFalls()).isTrue();
        assertThat(TargetProgress.metric("participantsActive", null, none, day -> 0L).neverFalls()).isFalse();
        assertThat(TargetProgress.metric("territoriesActive", null, none, day -> 0L).neverFalls()).isFalse();
        assertThat(TargetProgress.metric("aLaterMetric", null, none, day -> 0L)).isNull();
    }

    /** Beta of review 13, finding 2: 2 active from Monday 5 October 2026 (W41), 3 from Monday 12 October (W42) on. */
    private static final TargetProgress.Metric FLAT_FROM_W42 = new TargetProgress.Metric(
            day -> day.isBefore(LocalDate.parse("2026-10-05")) ? 0L : day.isBefore(LocalDate.parse("2026-10-12")) ? 2L : 3L,
            false);

    /**
     * Review 13, finding 2: a period ending on Sunday 6 December 2026 ({@code to} Monday 7 December) is judged as the live
     * rule judges it on 7 December: W42-W49 (W49 ends on the period's last day), flat at 3, so projected 3.0, not the
     * 3.92 of W41-W48 (2,3,3,3,3,3,3,3); 55 days from 7 December to 31 January are 7 whole weeks (not the 8 from 6
     * December).
     */
    @Test
    void aPeriodEndingOnASundayIsJudgedAsTheLiveRuleOnTheMondayAfterWithThatSundaysWeek() {
        LocalDate to = LocalDate.parse("2026-12-07");
        LocalDate due = LocalDate.parse("2027-01-31");
        TargetProgress report = TargetProgress.afterPeriod(10, due, to, FLAT_FROM_W42);

        assertThat(report.weeks()).extracting(TargetProgress.WeekValue::week)
                .containsExactly("2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49");
        assertThat(report.weeks().get(7).end()).isEqualTo(LocalDate.parse("2026-12-06"));
        assertThat(report.projectedAtDue()).isCloseTo(3.0, within(1e-9));
        assertThat(report.onTrack()).isFalse();
        assertThat(report.current()).isEqualTo(3);
        assertThat(report.requiredPerWeek()).as("7 left / 7 whole weeks from 7 December").isCloseTo(1.0, within(1e-12));
        assertThat(report).isEqualTo(TargetProgress.of(10, due, to, FLAT_FROM_W42));
        assertThat(TargetProgress.firstWeekEnd(to)).isEqualTo(LocalDate.parse("2026-10-18"));
    }

    /**
     * A period ending on a Tuesday ({@code to} Wednesday 14 July 2021, in W28) is judged as the live rule judges it on
     * that Wednesday: W20-W27, and whole weeks to the due date from 14 July; current at the end of 13 July.
     */
    @Test
    void aPeriodEndingMidWeekIsJudgedAsTheLiveRuleOnTheDayAfterIt() {
        var lastDay = LocalDate.parse("2021-07-13");
        TargetProgress.Metric metric = new TargetProgress.Metric(day -> day.equals(lastDay) ? 185L : active(day), false);
        LocalDate due = LocalDate.parse("2021-09-28");
        TargetProgress report = TargetProgress.afterPeriod(300, due, TODAY, metric);

        assertThat(report.weeks()).extracting(TargetProgress.WeekValue::week).first().isEqualTo("2021-W20");
        assertThat(report.weeks()).extracting(TargetProgress.WeekValue::week).last().isEqualTo("2021-W27");
        assertThat(report.current()).isEqualTo(185);
        // 76 days from 14 July to 28 September: 10 whole weeks (from the period's last day, 77 days, would be 11)
        assertThat(report.requiredPerWeek()).isCloseTo(115 / 10.0, within(1e-12));
        assertThat(report).isEqualTo(TargetProgress.of(300, due, TODAY, ACTIVE_METRIC));
    }
}
