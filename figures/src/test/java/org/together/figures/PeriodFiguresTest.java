package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.together.figures.Days.date;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Period arithmetic over day figures: current periods, growth between complete periods, series. */
class PeriodFiguresTest {

    private final TreeMap<LocalDate, Figures> days = new TreeMap<>();

    private void join(String day, int n) {
        days.computeIfAbsent(date(day), d -> new Figures()).addParticipants(n, n, 0);
    }

    private void leave(String day, int n) {
        days.computeIfAbsent(date(day), d -> new Figures()).addParticipants(0, 0, n);
    }

    /** Participants who had left become active again: activations, not new. */
    private void rejoin(String day, int n) {
        days.computeIfAbsent(date(day), d -> new Figures()).addParticipants(0, n, 0);
    }

    private DayFigures source() {
        Figures all = new Figures();
        days.values().forEach(all::add);
        return DayFigures.of(all, days);
    }

    @Test
    void newcomersOfTheCurrentDayWeekMonthAndQuarter() {
        join("2021-04-20", 1);  // Q2
        join("2021-07-01", 2);  // Q3, July, week 26
        join("2021-07-06", 4);  // week 27
        join("2021-07-10", 8);  // the as-of day

        assertThat(PeriodFigures.currentPeriods(days, date("2021-07-10")))
                .isEqualTo(new PeriodFigures.CurrentPeriods(8, 12, 14, 14));
    }

    @Test
    void growthComparesTheEndsOfTheLastTwoCompletePeriods() {
        join("2021-06-22", 2); // W25 ends with 2
        join("2021-06-29", 1); // W26 ends with 3
        join("2021-07-06", 1); // W27 is current

        Double weekOverWeek = PeriodFigures.growth(days, date("2021-07-10"), 4, Period.WEEK);
        assertThat(weekOverWeek).isCloseTo(0.5, within(1e-12));
        assertThat(PeriodFigures.growth(days, date("2021-07-10"), 4, Period.QUARTER))
                .as("Q1 ended with nobody: nothing to divide by").isNull();
    }

    @Test
    void aSeriesHasEveryPeriodOverlappingTheSpanWithRunningTotals() {
        join("2021-06-10", 3);
        leave("2021-07-02", 1);
        join("2021-07-10", 2);

        join("2021-07-20", 4);

        List<PeriodFigures.Point> months = PeriodFigures.series(source(), Period.MONTH, date("2021-06-15"), date("2021-07-20"));

        assertThat(months).as("the first month from its start, the last up to the end of the span").containsExactly(
                new PeriodFigures.Point("2021-06", date("2021-06-01"), date("2021-07-01"), 3, 0, 0, 3, 3),
                new PeriodFigures.Point("2021-07", date("2021-07-01"), date("2021-07-20"), 2, 0, 1, 4, 5));
    }

    @Test
    void aSeriesCountsReturningParticipantsSoThatEachPeriodAddsUp() {
        join("2021-06-10", 3);
        leave("2021-06-20", 2);
        rejoin("2021-07-05", 1); // one who left comes back: active again, not new
        leave("2021-07-06", 1);
        join("2021-07-07", 1);
        rejoin("2021-07-08", 1);

        List<PeriodFigures.Point> months = PeriodFigures.series(source(), Period.MONTH, date("2021-06-01"), date("2021-08-01"));

        assertThat(months).extracting(PeriodFigures.Point::returningParticipants).containsExactly(0L, 2L);
        assertThat(months.get(1)).isEqualTo(new PeriodFigures.Point("2021-07", date("2021-07-01"), date("2021-08-01"), 1, 2, 1, 3, 4));
        long before = 0;
        for (PeriodFigures.Point p : months) {
            assertThat(before + p.newParticipants() + p.returningParticipants() - p.leftParticipants())
                    .as("%s: active at the end = active before + new + returning - left", p.period()).isEqualTo(p.activeAtEnd());
            before = p.activeAtEnd();
        }
    }

    @Test
    void aReportsWeeksAreIsoWeeksCutAtItsBounds() {
        List<LocalDate> bounds = PeriodFigures.isoWeekBounds(new Window(date("2021-04-10"), date("2021-04-21")));

        assertThat(bounds).containsExactly(date("2021-04-10"), date("2021-04-12"), date("2021-04-19"), date("2021-04-21"));
        assertThat(PeriodFigures.isoWeekOf(date("2021-04-10"))).isEqualTo("2021-W14");
    }

    @Test
    void figuresUpToADayLeaveOutTheDaysAfterIt() {
        join("2021-07-01", 1);
        join("2021-07-09", 1);

        assertThat(source().upTo(date("2021-07-05")).activeChange()).isEqualTo(1);
        assertThat(source().upTo(date("2021-07-09")).newParticipants()).isEqualTo(2);
    }
}
